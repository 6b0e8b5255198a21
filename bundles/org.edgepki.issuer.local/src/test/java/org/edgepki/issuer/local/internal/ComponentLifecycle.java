package org.edgepki.issuer.local.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Stands in for the Service Component Runtime in unit tests: builds a component property type
 * from attribute values (keyed by property name, as DS maps method names: {@code __} is {@code _},
 * {@code _} is {@code .}; defaults otherwise) and calls a component's
 * private lifecycle method with it, as SCR does.
 */
final class ComponentLifecycle {
    private ComponentLifecycle() {
    }

    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.getOrDefault(propertyName(method.getName()), method.getDefaultValue());
                }));
    }

    private static String propertyName(String methodName) {
        return methodName.replace("__", "\0").replace('_', '.').replace("\0", "_");
    }

    /** Calls {@code activate} or {@code modified} with the configuration. */
    static void call(Object component, String lifecycleMethod, Annotation config) throws ReflectiveOperationException {
        Method method = component.getClass().getDeclaredMethod(lifecycleMethod, config.annotationType());
        method.setAccessible(true);
        method.invoke(component, config);
    }
}
