package org.rapportcrm.platform.capabilities.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.karaf.features.BootFinished;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.rapportcrm.platform.api.cluster.SharedSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node run the capabilities the cluster runs: once Karaf has installed what it starts with, and whenever
 * another node installs, upgrades or uninstalls one (or this node may have missed that). Feature changes take seconds,
 * so they run on a thread of this component, one pass at a time; a request that comes during a pass makes one more,
 * and a pass that could not read the cluster's capabilities is tried again a little later.
 */
@Component(service = {CapabilitySync.class, ClusterChangeListener.class})
public class CapabilitySync implements ClusterChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilitySync.class);

    private final CapabilityManager capabilities;
    private final SharedSettings settings;
    private static final long RETRY_SECONDS = 10;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-capability-sync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean passQueued = new AtomicBoolean();
    /** Karaf registers it once the features to start with are installed: before that, passes wait. */
    private volatile BootFinished bootFinished;
    private volatile boolean matched;
    /** What this node cannot match, for readiness; empty when all is well. */
    private volatile List<String> problems = List.of();

    @Activate
    public CapabilitySync(@Reference CapabilityManager capabilities, @Reference SharedSettings settings) {
        this.capabilities = capabilities;
        this.settings = settings;
    }

    @Deactivate
    void stop() {
        worker.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindBootFinished(BootFinished finished) {
        bootFinished = finished;
        requestPass();
    }

    void unbindBootFinished(BootFinished finished) {
        bootFinished = null;
    }

    @Override
    public Set<String> topics() {
        return Set.of(ClusterCapabilities.SCOPE);
    }

    @Override
    public void onChange(String topic, String capability) {
        requestPass();
    }

    @Override
    public void onMissedChanges(Instant since) {
        requestPass();
    }

    /** Whether this node has matched the cluster's capabilities once since it started. */
    boolean hasMatched() {
        return matched;
    }

    List<String> problems() {
        return problems;
    }

    private void requestPass() {
        if (bootFinished != null && passQueued.compareAndSet(false, true)) {
            worker.execute(this::pass);
        }
    }

    private void pass() {
        passQueued.set(false);
        List<String> found = new ArrayList<>();
        try {
            for (ClusterCapabilities.Step step : ClusterCapabilities.plan(settings.get(ClusterCapabilities.SCOPE), capabilities.local())) {
                try {
                    switch (step.kind()) {
                        case INSTALL -> {
                            LOG.info("Installing capability {} {}, as the other nodes run it", step.name(), step.version());
                            capabilities.installVersion(step.name(), step.version());
                        }
                        case UNINSTALL -> {
                            LOG.info("Uninstalling capability {}, as the other nodes did", step.name());
                            capabilities.uninstallHere(step.name());
                        }
                        case UNAVAILABLE -> found.add("the other nodes run " + step.name() + " " + step.version()
                                + ", which this node's distribution does not have: give every node the same distribution");
                    }
                } catch (CapabilityException e) {
                    found.add(e.getMessage());
                }
            }
            matched = true;
        } catch (RuntimeException e) {
            found.add("could not read which capabilities the cluster runs: " + e.getMessage());
            LOG.error("Could not match the cluster's capabilities; trying again in {} s", RETRY_SECONDS, e);
            worker.schedule(this::requestPass, RETRY_SECONDS, TimeUnit.SECONDS);
        }
        if (!found.equals(problems)) {
            found.forEach(p -> LOG.error("Capabilities: {}", p));
        }
        problems = List.copyOf(found);
    }
}
