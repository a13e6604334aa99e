package org.rapportcrm.platform.core.internal.health;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.promise.Promise;

/**
 * Just enough of a framework and of SCR for readiness: bundles with their state and headers, the components SCR has
 * read and enabled, and services on the registry. Answers only what readiness asks.
 */
final class FakeFramework implements ServiceComponentRuntime {
    private final List<Bundle> bundles = new ArrayList<>();
    private final List<ServiceReference<?>> services = new ArrayList<>();
    private final List<ComponentDescriptionDTO> components = new ArrayList<>();
    private final Set<String> enabled = new HashSet<>();
    private final Map<String, Integer> states = new HashMap<>();
    private long nextServiceId = 100;

    final BundleContext context = proxy(BundleContext.class, (method, args) -> switch (method) {
        case "getBundles" -> bundles.toArray(Bundle[]::new);
        case "getServiceReferences" -> services.stream().filter(s -> Arrays.asList((String[]) s.getProperty(Constants.OBJECTCLASS))
                .contains(((Class<?>) args[0]).getName())).toList();
        default -> throw new UnsupportedOperationException(method);
    });

    /** A Rapport bundle in this state; with components, it has a Service-Component header. */
    Bundle bundle(long id, String symbolicName, int state, boolean withComponents) {
        Hashtable<String, String> headers = new Hashtable<>();
        if (withComponents) {
            headers.put("Service-Component", "OSGI-INF/*.xml");
        }
        Bundle bundle = proxy(Bundle.class, (method, args) -> switch (method) {
            case "getBundleId" -> id;
            case "getSymbolicName" -> symbolicName;
            case "getState" -> state;
            case "getHeaders" -> headers;
            default -> throw new UnsupportedOperationException(method);
        });
        bundles.add(bundle);
        return bundle;
    }

    /** SCR has read this component of the bundle, which is not enabled yet. */
    void component(Bundle bundle, String name, boolean enabledByDefault) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.bundle = new BundleDTO();
        d.bundle.id = bundle.getBundleId();
        d.defaultEnabled = enabledByDefault;
        components.add(d);
    }

    /** SCR has enabled the component, which is now in this {@link ComponentConfigurationDTO} state. */
    void enable(String name, int state) {
        enabled.add(name);
        states.put(name, state);
    }

    /** A service registered by the bundle; returns its service id. */
    long register(Bundle bundle, Class<?> type) {
        long id = nextServiceId++;
        Map<String, Object> properties = Map.of(Constants.SERVICE_ID, id, Constants.OBJECTCLASS, new String[] {type.getName()});
        services.add(proxy(ServiceReference.class, (method, args) -> switch (method) {
            case "getProperty" -> properties.get((String) args[0]);
            case "getBundle" -> bundle;
            default -> throw new UnsupportedOperationException(method);
        }));
        return id;
    }

    @Override
    public Collection<ComponentDescriptionDTO> getComponentDescriptionDTOs(Bundle... of) {
        Set<Long> ids = new HashSet<>();
        for (Bundle b : of) {
            ids.add(b.getBundleId());
        }
        return components.stream().filter(d -> ids.contains(d.bundle.id)).toList();
    }

    @Override
    public boolean isComponentEnabled(ComponentDescriptionDTO description) {
        return enabled.contains(description.name);
    }

    @Override
    public Collection<ComponentConfigurationDTO> getComponentConfigurationDTOs(ComponentDescriptionDTO description) {
        if (!enabled.contains(description.name)) {
            return List.of();
        }
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.description = description;
        c.state = states.get(description.name);
        c.unsatisfiedReferences = new org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO[0];
        return List.of(c);
    }

    @Override
    public ComponentDescriptionDTO getComponentDescriptionDTO(Bundle bundle, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Promise<Void> enableComponent(ComponentDescriptionDTO description) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Promise<Void> disableComponent(ComponentDescriptionDTO description) {
        throw new UnsupportedOperationException();
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(FakeFramework.class.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == args[0];
            case "toString" -> type.getSimpleName();
            default -> answer.answer(method.getName(), args);
        });
    }

}
