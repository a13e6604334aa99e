package org.rapportcrm.platform.core.internal.schedule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.osgi.service.component.ComponentServiceObjects;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers registered on this node, by name. DS binds them without activating them: a handler usually needs the
 * task scheduler itself (to schedule follow-ups), and getting it while the scheduler is being activated is a cycle DS
 * refuses. They are got later, on a scheduler thread: before a run and at every housekeeping round (heartbeats, the search for dead executions).
 */
final class HandlerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

    private final Set<ComponentServiceObjects<ScheduledTaskHandler>> pending = ConcurrentHashMap.newKeySet();
    private final Map<Object, ScheduledTaskHandler> bound = new ConcurrentHashMap<>();
    private final Map<String, ScheduledTaskHandler> byName = new ConcurrentHashMap<>();
    /** Names this node found missing; each is logged once until a handler of that name appears. */
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    private final Consumer<ScheduledTaskHandler> onResolved;

    /** @param onResolved called once per handler when it is known by name (to plan its recurrence) */
    HandlerRegistry(Consumer<ScheduledTaskHandler> onResolved) {
        this.onResolved = onResolved;
    }

    void add(ComponentServiceObjects<ScheduledTaskHandler> objects) {
        pending.add(objects);
    }

    void remove(ComponentServiceObjects<ScheduledTaskHandler> objects) {
        if (!pending.remove(objects)) {
            ScheduledTaskHandler handler = bound.remove(objects);
            if (handler != null) {
                byName.remove(handler.name(), handler);
                objects.ungetService(handler);
            }
        }
    }

    /** A handler that is already an object, as tests and embedders register them. */
    void add(ScheduledTaskHandler handler) {
        bound.put(handler, handler);
        register(handler);
    }

    void remove(ScheduledTaskHandler handler) {
        bound.remove(handler);
        byName.remove(handler.name(), handler);
    }

    Optional<ScheduledTaskHandler> find(String name) {
        resolvePending();
        return Optional.ofNullable(byName.get(name));
    }

    /** @return true the first time since it was last present */
    boolean reportMissing(String name) {
        return reportedMissing.add(name);
    }

    void resolvePending() {
        for (ComponentServiceObjects<ScheduledTaskHandler> objects : List.copyOf(pending)) {
            if (!pending.remove(objects)) {
                continue; // another thread took it
            }
            ScheduledTaskHandler handler = null;
            try {
                handler = objects.getService();
            } catch (RuntimeException e) {
                // Typically DS's lock timeout while the handler's component is still being activated on a busy start.
                LOG.warn("Task handler of {} could not be got yet ({}); trying again", bundleOf(objects), e.getMessage());
            }
            if (handler == null) {
                if (bundleOf(objects) != null) {
                    pending.add(objects); // still registered: the next heartbeat or run tries again
                }
                continue;
            }
            bound.put(objects, handler);
            register(handler);
        }
    }

    private static String bundleOf(ComponentServiceObjects<ScheduledTaskHandler> objects) {
        var bundle = objects.getServiceReference().getBundle();
        return bundle == null ? null : bundle.getSymbolicName(); // null once the service is unregistered
    }

    private void register(ScheduledTaskHandler handler) {
        String name = handler.name();
        if (!TaskKey.isHandlerName(name)) {
            LOG.error("Task handler {} has no valid name ('{}'): letters, digits, '.', '-', '_', at most 100; ignored", handler, name);
            return;
        }
        ScheduledTaskHandler before = byName.putIfAbsent(name, handler);
        if (before != null && before != handler) {
            LOG.error("Two task handlers claim the name {}: {} and {}; keeping the first", name, before, handler);
            return;
        }
        reportedMissing.remove(name);
        try {
            onResolved.accept(handler);
        } catch (RuntimeException e) {
            // The handler still runs what others schedule; its recurrence is planned when it is bound again.
            LOG.error("Could not plan the recurrence of task handler {}: {}", name, e.getMessage(), e);
        }
    }
}
