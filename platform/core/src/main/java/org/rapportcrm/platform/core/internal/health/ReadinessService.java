package org.rapportcrm.platform.core.internal.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.rapportcrm.platform.api.health.HealthCheck;
import org.rapportcrm.platform.api.health.HealthReport;
import org.rapportcrm.platform.api.health.HealthStatus;
import org.rapportcrm.platform.api.health.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of this node from what the framework knows (every Rapport bundle started, every component of theirs
 * active) and from every {@link HealthCheck}. A component waiting for a service counts as starting for a while, since
 * that is how a capability comes up; past that, it is reported as what needs fixing.
 */
@Component(service = Readiness.class)
public class ReadinessService implements Readiness {
    static final String COMPONENTS = "components";
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessService.class);
    private static final String RAPPORT_BUNDLES = "org.rapportcrm.";
    /** How long a component may wait for a service before the wait is reported as a fault. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ServiceComponentRuntime components;
    private final BundleContext context;
    private final Clock clock;
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    /** When each waiting component was first seen waiting. */
    private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();
    private volatile boolean wasReady;
    private volatile String lastProblems = "";

    @Activate
    public ReadinessService(@Reference ServiceComponentRuntime components, BundleContext context) {
        this(components, context, Clock.systemUTC());
    }

    ReadinessService(ServiceComponentRuntime components, BundleContext context, Clock clock) {
        this.components = components;
        this.context = context;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCheck(HealthCheck check) {
        checks.add(check);
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    @Override
    public HealthReport report() {
        Map<String, HealthStatus> results = new LinkedHashMap<>();
        results.put(COMPONENTS, components());
        for (HealthCheck check : checks) {
            HealthStatus status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthStatus.down("the check failed: " + e);
            }
            results.merge(check.name(), status, (a, b) -> a.up() ? b : a);
        }
        boolean ready = results.values().stream().allMatch(HealthStatus::up);
        boolean starting = results.values().stream().anyMatch(HealthStatus::passing);
        HealthReport report = new HealthReport(ready, !wasReady || starting, results);
        if (ready) {
            wasReady = true;
        }
        logChange(report);
        return report;
    }

    /** One log line whenever what is wrong changes, saying what to fix. */
    private void logChange(HealthReport report) {
        String problems = String.join("; ", report.problems());
        if (!problems.equals(lastProblems)) {
            lastProblems = problems;
            if (problems.isEmpty()) {
                LOG.info("Rapport is ready");
            } else if (report.status().equals("DOWN")) {
                LOG.error("Rapport is not ready: {}", problems);
            } else {
                LOG.info("Rapport is not ready yet: {}", problems);
            }
        }
    }

    /**
     * Every Rapport bundle started and every component of theirs enabled and active (or waiting for its configuration).
     * A bundle not started yet, a component SCR has not read or enabled yet (it enables them one at a time, after the
     * bundle is active) or a component waiting for a service is starting; if it still is after {@link #PATIENCE}, it
     * is what needs fixing. A component that failed to start needs fixing at once.
     */
    private HealthStatus components() {
        List<String> faults = new ArrayList<>();
        Map<String, String> waits = new LinkedHashMap<>();
        List<Bundle> active = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith(RAPPORT_BUNDLES) || isFragment(b)) {
                continue;
            }
            switch (b.getState()) {
                case Bundle.ACTIVE -> active.add(b);
                case Bundle.INSTALLED, Bundle.RESOLVED, Bundle.STARTING -> waits.put(b.getSymbolicName(), b.getSymbolicName() + " is not started");
                default -> { }
            }
        }
        Collection<ComponentDescriptionDTO> descriptions = components.getComponentDescriptionDTOs(active.toArray(Bundle[]::new));
        Set<Long> loaded = new HashSet<>();
        descriptions.forEach(d -> loaded.add(d.bundle.id));
        for (Bundle b : active) {
            // Active a moment before SCR has read its components: none of its services is registered yet.
            if (b.getHeaders().get(ComponentConstants.SERVICE_COMPONENT) != null && !loaded.contains(b.getBundleId())) {
                waits.put(b.getSymbolicName(), "the components of " + b.getSymbolicName() + " are not read yet");
            }
        }
        for (ComponentDescriptionDTO d : descriptions) {
            if (!components.isComponentEnabled(d)) {
                // SCR enables a bundle's components one after another, each registering its services in turn.
                if (d.defaultEnabled) {
                    waits.put(d.name, d.name + " is not enabled");
                }
                continue;
            }
            for (ComponentConfigurationDTO c : components.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    faults.add(d.name + " failed to start: " + firstLine(c.failure));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    waits.put(d.name, d.name + " waits for " + missing(c.unsatisfiedReferences));
                }
            }
        }
        Instant now = clock.instant();
        waitingSince.keySet().retainAll(waits.keySet());
        List<String> starting = new ArrayList<>();
        waits.forEach((what, description) -> {
            Instant since = waitingSince.computeIfAbsent(what, k -> now);
            (Duration.between(since, now).compareTo(PATIENCE) < 0 ? starting : faults).add(description);
        });
        if (!faults.isEmpty()) {
            return HealthStatus.down(String.join("; ", faults));
        }
        return starting.isEmpty() ? HealthStatus.up(active.size() + " bundles active") : HealthStatus.starting(String.join("; ", starting));
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null;
    }

    private static String missing(UnsatisfiedReferenceDTO[] references) {
        List<String> names = new ArrayList<>();
        for (UnsatisfiedReferenceDTO r : references) {
            names.add(r.name + (r.target == null ? "" : " " + r.target));
        }
        return String.join(", ", names);
    }

    private static String firstLine(String failure) {
        if (failure == null) {
            return "unknown reason";
        }
        String line = failure.lines().findFirst().orElse(failure);
        // SCR wraps the cause: its own message says what went wrong.
        int cause = line.lastIndexOf("Exception: ");
        return cause >= 0 ? line.substring(cause + "Exception: ".length()) : line;
    }
}
