@org.osgi.annotation.versioning.Version("2.0.0")
package org.rapportcrm.platform.api.event;
