package org.rapportcrm.platform.api.health;

import java.util.Objects;

/**
 * What one part reports: up, or down with the reason in words an administrator can act on. A part that is down only
 * while it starts, installs or catches up says so ({@code passing}): the node is then not ready yet rather than
 * broken, and requests for what is not registered yet are answered "try again" (503) instead of "not found".
 */
public record HealthStatus(boolean up, String detail, boolean passing) {
    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    /** UP, STARTING or DOWN. */
    public String status() {
        return up ? "UP" : passing ? "STARTING" : "DOWN";
    }

    public static HealthStatus up(String detail) {
        return new HealthStatus(true, detail, false);
    }

    /** Down until something is fixed: a setting, a failed bundle, an unreachable database. */
    public static HealthStatus down(String reason) {
        return new HealthStatus(false, reason, false);
    }

    /** Down for now, and expected to come up by itself (starting, installing, building an index). */
    public static HealthStatus starting(String reason) {
        return new HealthStatus(false, reason, true);
    }
}
