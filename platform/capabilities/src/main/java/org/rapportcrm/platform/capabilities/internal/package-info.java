/** Capability management: runtime install and removal of capability features. */
package org.rapportcrm.platform.capabilities.internal;
