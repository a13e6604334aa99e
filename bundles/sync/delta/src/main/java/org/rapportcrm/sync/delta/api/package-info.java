/**
 * The change feed of the sync capability: what changed since a sync token, as a given user may see it now, for
 * offline clients (the delta REST API) and for DAV collections (RFC 6578 sync-collection). Tokens are positions in the
 * platform's durable outbox, so they stay valid across restarts and on every node, for
 * {@link org.rapportcrm.platform.api.outbox.Outbox#RETENTION}, and belong to the user they were issued to, as long as
 * that user's access stays the same (2.0: {@link ChangeFeed#currentToken(org.rapportcrm.platform.api.security.Actor)}
 * takes the actor, whose token it is).
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.rapportcrm.sync.delta.api;
