package org.rapportcrm.platform.core.internal.record;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * Extensions the record service calls, bound without being activated. An extension such as a trigger usually needs
 * the record service itself; getting it at bind time would activate it while the record service is still being
 * activated, a cycle DS refuses. Getting it at first use breaks the cycle.
 */
final class LazyExtensions<T> {
    record Extension<T>(T service, String bundle) {
    }

    private final class Entry {
        private final ComponentServiceObjects<T> objects;
        private final String bundle;
        private volatile T service;

        Entry(ComponentServiceObjects<T> objects, T service, String bundle) {
            this.objects = objects;
            this.service = service;
            this.bundle = bundle;
        }

        synchronized T service() {
            if (service == null) {
                service = objects.getService();
            }
            return service;
        }

        synchronized void release() {
            if (objects != null && service != null) {
                objects.ungetService(service);
            }
        }
    }

    private final Map<Object, Entry> entries = new ConcurrentHashMap<>();

    void add(ComponentServiceObjects<T> objects) {
        ServiceReference<T> ref = objects.getServiceReference();
        entries.put(objects, new Entry(objects, null, ref.getBundle().getSymbolicName()));
    }

    void remove(ComponentServiceObjects<T> objects) {
        Entry entry = entries.remove(objects);
        if (entry != null) {
            entry.release();
        }
    }

    /** An extension that is already an object, as tests and embedders register them. */
    void add(T service, String bundle) {
        entries.put(service, new Entry(null, service, bundle));
    }

    void remove(T service) {
        entries.remove(service);
    }

    List<Extension<T>> all() {
        return entries.values().stream().map(e -> new Extension<>(e.service(), e.bundle)).toList();
    }
}
