/** The full-text index behind the global search. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.rapportcrm.platform.api.search;
