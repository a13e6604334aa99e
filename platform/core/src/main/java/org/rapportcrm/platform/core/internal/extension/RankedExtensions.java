package org.rapportcrm.platform.core.internal.extension;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The extensions of one kind the platform calls (validation rules, triggers, change listeners, search indexes), in
 * the order OSGi ranks services: highest {@code service.ranking} first, then the one registered first. They are
 * bound without being activated ({@link LazyService}) and each is got at its first use.
 */
public final class RankedExtensions<T> {
    /** An extension in order, with the bundle that registered it (for logs). */
    public record Extension<T>(Object key, T service, String bundle) {
    }

    private static final Comparator<Entry<?>> ORDER = Comparator.<Entry<?>>comparingInt(e -> -e.ranking)
            .thenComparingLong(e -> e.serviceId).thenComparingLong(e -> e.sequence);

    private static final class Entry<T> {
        private final Object key;
        private final Supplier<T> service;
        private final String bundle;
        private final int ranking;
        private final long serviceId;
        private final long sequence;

        Entry(Object key, Supplier<T> service, String bundle, int ranking, long serviceId, long sequence) {
            this.key = key;
            this.service = service;
            this.bundle = bundle;
            this.ranking = ranking;
            this.serviceId = serviceId;
            this.sequence = sequence;
        }

        void release() {
            if (service instanceof LazyService<?> lazy) {
                lazy.release();
            }
        }
    }

    private final Map<Object, Entry<T>> entries = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile List<Entry<T>> ordered = List.of();

    /** Binds a service; @return it, got at first use */
    public Supplier<T> add(ComponentServiceObjects<T> objects) {
        ServiceReference<T> ref = objects.getServiceReference();
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        LazyService<T> lazy = new LazyService<>(objects);
        return put(new Entry<>(objects, lazy, lazy.bundle(), ranking instanceof Integer r ? r : 0,
                (Long) ref.getProperty(Constants.SERVICE_ID), sequence.incrementAndGet()));
    }

    /** An extension that is already an object, as tests and embedders register them: ranking 0, after services. */
    public Supplier<T> add(T service, String bundle) {
        return put(new Entry<>(service, () -> service, bundle == null ? "unknown bundle" : bundle, 0, Long.MAX_VALUE,
                sequence.incrementAndGet()));
    }

    private Supplier<T> put(Entry<T> entry) {
        entries.put(entry.key, entry);
        reorder();
        return entry.service;
    }

    /** Unbinds what {@link #add} bound (the service objects, or the object itself). */
    public void remove(Object key) {
        Entry<T> entry = entries.remove(key);
        if (entry != null) {
            entry.release();
            reorder();
        }
    }

    private synchronized void reorder() {
        ordered = entries.values().stream().sorted(ORDER).toList();
    }

    /** Every extension in order, each got now if it was not yet. */
    public List<Extension<T>> all() {
        return ordered.stream().map(e -> new Extension<>(e.key, e.service.get(), e.bundle)).toList();
    }

    /** The keys of every extension in order, without getting any. */
    public List<Object> keys() {
        return ordered.stream().map(e -> e.key).toList();
    }
}
