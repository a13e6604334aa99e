package org.rapportcrm.platform.core.internal.extension;

import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A whiteboard service bound without being activated, got at first use and kept until released. A listener usually
 * needs platform services that need the component it is bound to; getting it at bind time would activate it while
 * that component is still being activated, a cycle DS refuses.
 */
public final class LazyService<T> implements Supplier<T> {
    private final ComponentServiceObjects<T> objects;
    private T service;

    public LazyService(ComponentServiceObjects<T> objects) {
        this.objects = objects;
    }

    /** The symbolic name of the bundle that registered the service. */
    public String bundle() {
        return objects.getServiceReference().getBundle().getSymbolicName();
    }

    @Override
    public synchronized T get() {
        if (service == null) {
            service = objects.getService();
        }
        return service;
    }

    public synchronized void release() {
        if (service != null) {
            objects.ungetService(service);
            service = null;
        }
    }
}
