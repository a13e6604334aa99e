/**
 * The service capability's names for other bundles (e-mail-to-case, the portal, the knowledge base, surveys): the
 * record types and the case statuses they write. See {@link org.rapportcrm.service.api.Cases}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.service.api;
