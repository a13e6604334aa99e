/**
 * Health and readiness: parts of the platform and capabilities report their state through {@link HealthCheck}
 * services; {@link Readiness} says whether this node serves everything it has installed, for load balancers
 * ({@code /api/v1/health/ready}), people and the console.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.rapportcrm.platform.api.health;
