package org.rapportcrm.platform.capabilities.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.apache.karaf.features.BootFinished;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthStatus;

/**
 * Installed capabilities are running: each one's bundles started. Until Karaf has installed the capabilities to start
 * with and the node runs what the other nodes of its cluster run, and while one is being installed, upgraded or
 * uninstalled, the node is not ready, and requests for what it will serve are answered "try again". A node that
 * cannot run what the others run (its distribution lacks that version) is down.
 */
@Component
public class CapabilitiesHealth implements HealthCheck {
    private final CapabilityManager capabilities;
    private final CapabilitySync sync;
    /** Karaf registers it once the features to install at start (etc/org.apache.karaf.features.cfg) are installed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BootFinished bootFinished;

    @Activate
    public CapabilitiesHealth(@Reference CapabilityManager capabilities, @Reference CapabilitySync sync) {
        this.capabilities = capabilities;
        this.sync = sync;
    }

    @Override
    public String name() {
        return "capabilities";
    }

    @Override
    public HealthStatus check() {
        if (bootFinished == null) {
            return HealthStatus.starting("Karaf is installing the capabilities to start with");
        }
        Map<String, String> changing = capabilities.changing();
        if (!changing.isEmpty()) {
            List<String> what = new ArrayList<>();
            changing.forEach((name, action) -> what.add(name + " " + action));
            return HealthStatus.starting(String.join("; ", what));
        }
        if (!sync.hasMatched()) {
            return HealthStatus.starting("matching the capabilities the other nodes run");
        }
        List<String> broken = new ArrayList<>(sync.problems());
        List<String> coming = new ArrayList<>();
        int running = 0;
        for (Capability c : capabilities.list()) {
            if (!c.installed()) {
                continue;
            }
            if (c.state().equals(States.ACTIVE)) {
                running++;
            } else if (c.state().equals(States.FAILED)) {
                broken.add(c.name() + " " + c.version() + " failed: its bundles did not all start (GET /api/v1/admin/capabilities/"
                        + c.name() + " lists them)");
            } else {
                coming.add(c.name() + " " + c.version() + " is " + c.state().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!broken.isEmpty()) {
            return HealthStatus.down(String.join("; ", broken));
        }
        return coming.isEmpty() ? HealthStatus.up(running + " installed and running") : HealthStatus.starting(String.join("; ", coming));
    }
}
