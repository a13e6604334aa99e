package org.rapportcrm.platform.core.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A component configuration as DS would pass it: the metatype defaults, with some values given. */
public final class Configs {
    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName() + values;
                };
            }
            return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
        }));
    }
}
