/**
 * Several Rapport nodes over one database. Everything that matters is in the database, so any node answers any
 * request; what a node keeps in memory (metadata, a search index, the installed capabilities) must follow what
 * another node changed. A node that changes such a thing {@linkplain org.rapportcrm.platform.api.cluster.ClusterChanges
 * publishes} a small notice in the same transaction, and every other node's
 * {@link org.rapportcrm.platform.api.cluster.ClusterChangeListener}s hear it once it commits (on PostgreSQL through
 * LISTEN/NOTIFY, typically within milliseconds). Notices carry names and ids, never the data: listeners read what
 * changed from the database. {@link org.rapportcrm.platform.api.cluster.SharedSettings} keeps small settings every
 * node shares, such as which capabilities are installed.
 *
 * <pre>{@code
 * @Component
 * public class PriceListCache implements ClusterChangeListener {
 *     public Set<String> topics() { return Set.of("acme.price-lists"); }
 *     public void onChange(String topic, String listId) { drop(listId); }              // read again when next needed
 *     public void onMissedChanges(Instant since) { dropAll(); }                        // after a reconnect
 * }
 *
 * // where a price list is saved, inside the platform's transaction:
 * clusterChanges.publish("acme.price-lists", listId);
 * }</pre>
 *
 * <p>On embedded Derby only one node can open the database, so there is nobody to tell: publishing does nothing.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.cluster;
