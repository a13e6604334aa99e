package org.rapportcrm.platform.core.internal.event;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordChangeListener;
import org.rapportcrm.platform.core.internal.extension.RankedExtensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed record changes to every {@link RecordChangeListener}: each listener has its own thread and
 * queue, so changes reach it in order while a slow or failing one holds up nobody else, and a call that overruns the
 * time limit is interrupted and reported with the listener's bundle.
 */
@Component(service = ChangeDispatcher.class, configurationPid = ChangeDispatcher.PID)
@Designate(ocd = ChangeDispatcher.Config.class)
public class ChangeDispatcher {
    public static final String PID = "org.rapportcrm.events";
    private static final Logger LOG = LoggerFactory.getLogger(ChangeDispatcher.class);

    @ObjectClassDefinition(name = "Rapport record change delivery")
    public @interface Config {
        @AttributeDefinition(description = "Longest time one listener may take for one change before it is interrupted")
        long timeLimitMillis() default 30_000;

        @AttributeDefinition(description = "Changes waiting for one listener before further ones are dropped (and logged)")
        int queueCapacity() default 10_000;
    }

    private final Config config;
    private final RankedExtensions<RecordChangeListener> listeners = new RankedExtensions<>();
    /** Each listener's queue and thread, by the key it was bound under. */
    private final Map<Object, Delivery> deliveries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-listener-watchdog");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ChangeDispatcher(Config config) {
        this.config = config;
    }

    /**
     * Bound without being activated: a listener that needs the record service (as an index does) would otherwise be
     * activated while the record service, which needs this dispatcher, is still being activated, a cycle DS refuses.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindListener(ComponentServiceObjects<RecordChangeListener> listener) {
        deliveries.put(listener, new Delivery(listeners.add(listener), listener.getServiceReference().getBundle().getSymbolicName()));
    }

    void unbindListener(ComponentServiceObjects<RecordChangeListener> listener) {
        removeListener(listener);
    }

    /** Registers a listener directly, as an embedder or a test does. */
    public void addListener(RecordChangeListener listener, String bundle) {
        deliveries.put(listener, new Delivery(listeners.add(listener, bundle), bundle == null ? "unknown bundle" : bundle));
    }

    public void removeListener(Object listener) {
        Delivery d = deliveries.remove(listener);
        if (d != null) {
            d.queue.shutdown();
        }
        listeners.remove(listener);
    }

    /**
     * Queues the change for every listener interested in its type, in the listeners' ranking order; returns at once.
     * Each listener gets changes one by one, in the order they were committed, on a thread of its own.
     */
    public void dispatch(RecordChange change) {
        for (Object key : listeners.keys()) {
            Delivery d = deliveries.get(key);
            if (d != null && d.wants(change.recordType())) {
                d.offer(change);
            }
        }
    }

    @Deactivate
    void deactivate() {
        deliveries.values().forEach(d -> d.queue.shutdown());
        watchdog.shutdownNow();
    }

    private final class Delivery {
        final Supplier<RecordChangeListener> listener;
        final ListenerQueue queue;
        /** The earliest update time among changes dropped since the last delivery, or null. */
        final AtomicReference<Instant> droppedSince = new AtomicReference<>();

        Delivery(Supplier<RecordChangeListener> listener, String bundle) {
            this.listener = listener;
            this.queue = new ListenerQueue("rapport-listener-", listener, bundle, config.queueCapacity(), config.timeLimitMillis(), watchdog);
        }

        boolean wants(String type) {
            try {
                return listener.get().recordTypes().isEmpty() || listener.get().recordTypes().contains(type);
            } catch (RuntimeException e) {
                LOG.error("A record change listener of bundle {} failed to name its record types", queue.bundle(), e);
                return false;
            }
        }

        void offer(RecordChange change) {
            if (!queue.offer(() -> deliver(change)) && !queue.isShutdown()) {
                Instant stamp = change.record().getUpdatedAt() != null ? change.record().getUpdatedAt() : Instant.now();
                if (droppedSince.getAndAccumulate(stamp, Delivery::earlier) == null) {
                    LOG.error("Record change listener {} of bundle {} is {} changes behind: dropping changes from {} {} {} on, "
                            + "and telling it", listener.get(), queue.bundle(), config.queueCapacity(), change.kind(), change.recordType(),
                            change.record().getId());
                }
            }
        }

        private static Instant earlier(Instant a, Instant b) {
            return a == null || b.isBefore(a) ? b : a;
        }

        private void deliver(RecordChange change) {
            // The queue was full when changes were dropped, so a delivery always follows a drop.
            Instant dropped = droppedSince.getAndSet(null);
            if (dropped != null) {
                queue.call("changes dropped since " + dropped, () -> listener.get().changesDropped(dropped));
            }
            queue.call(change.kind() + " " + change.recordType() + " " + change.record().getId(), () -> listener.get().onChange(change));
        }
    }
}
