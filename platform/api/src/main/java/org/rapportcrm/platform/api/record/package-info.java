@org.osgi.annotation.versioning.Version("1.3.0")
package org.rapportcrm.platform.api.record;
