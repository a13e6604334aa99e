package org.rapportcrm.platform.api.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether this node serves everything installed: every Rapport component active, every installed capability's
 * bundles started with their types, routes and console contributions registered, and every {@link HealthCheck} up.
 */
@ProviderType
public interface Readiness {
    HealthReport report();
}
