package org.rapportcrm.platform.core.internal.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class RankedExtensionsTest {
    private final AtomicInteger got = new AtomicInteger();

    /** A registered service as DS hands it over: its reference's ranking and id, got only when asked for. */
    @SuppressWarnings("unchecked")
    private ComponentServiceObjects<String> service(String name, Integer ranking, long id) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getSymbolicName") ? "bundle." + name : identity(p, m, a));
        Map<String, Object> properties = ranking == null ? Map.of(Constants.SERVICE_ID, id)
                : Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking);
        ServiceReference<String> reference = (ServiceReference<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> properties.get((String) a[0]);
                    case "getBundle" -> bundle;
                    default -> identity(p, m, a);
                });
        return (ComponentServiceObjects<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ComponentServiceObjects.class}, (p, m, a) -> switch (m.getName()) {
                    case "getServiceReference" -> reference;
                    case "getService" -> {
                        got.incrementAndGet();
                        yield name;
                    }
                    default -> identity(p, m, a);
                });
    }

    /** What a proxy answers as an object (extensions are kept by their service objects). */
    private static Object identity(Object proxy, java.lang.reflect.Method method, Object[] args) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "proxy " + System.identityHashCode(proxy);
            default -> null;
        };
    }

    @Test
    void extensionsRunByRankingHighestFirstThenInTheOrderTheyWereRegistered() {
        RankedExtensions<String> extensions = new RankedExtensions<>();
        extensions.add(service("late", null, 9));
        extensions.add(service("early", null, 3));
        extensions.add("added directly", "test");
        extensions.add(service("urgent", 100, 12));
        extensions.add(service("last resort", -5, 1));
        assertEquals(0, got.get(), "bound, not got");

        assertEquals(List.of("urgent", "early", "late", "added directly", "last resort"),
                extensions.all().stream().map(RankedExtensions.Extension::service).toList());
        assertEquals(4, got.get(), "each got once, at its first use");
        assertEquals("bundle.urgent", extensions.all().get(0).bundle());
    }

    @Test
    void aRemovedExtensionIsNoLongerCalled() {
        RankedExtensions<String> extensions = new RankedExtensions<>();
        ComponentServiceObjects<String> gone = service("gone", 10, 1);
        extensions.add(gone);
        extensions.add(service("stays", null, 2));
        extensions.remove(gone);
        assertEquals(List.of("stays"), extensions.all().stream().map(RankedExtensions.Extension::service).toList());
    }
}
