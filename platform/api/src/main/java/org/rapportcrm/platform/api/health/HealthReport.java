package org.rapportcrm.platform.api.health;

import java.util.List;
import java.util.Map;

/**
 * The state of this node: ready when every check is up. {@code settling} while it has not been ready since it
 * started, or while a part reports it is still starting (a capability installing, say).
 *
 * @param checks by name, each with its status
 */
public record HealthReport(boolean ready, boolean settling, Map<String, HealthStatus> checks) {
    public HealthReport {
        checks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checks));
    }

    /** UP when ready; STARTING when every part is up or still starting; DOWN when something needs fixing. */
    public String status() {
        return ready ? "UP" : checks.values().stream().allMatch(s -> s.up() || s.passing()) ? "STARTING" : "DOWN";
    }

    /** The reasons of the checks that are down, as "name: reason". */
    public List<String> problems() {
        return checks.entrySet().stream().filter(e -> !e.getValue().up()).map(e -> e.getKey() + ": " + e.getValue().detail())
                .sorted().toList();
    }
}
