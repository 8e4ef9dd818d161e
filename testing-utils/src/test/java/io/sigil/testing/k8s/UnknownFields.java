package io.sigil.testing.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * The schema check kubeconform would make, on the parsed model: fabric8 keeps fields it does not
 * know in {@code additionalProperties} instead of failing, so a misspelt or mis-indented field
 * (a pod {@code template} one level too high) would otherwise pass unnoticed.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static void requireNone(Object object, String where) {
        walk(object, where);
    }

    private static void walk(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException unreadable) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    throw new IllegalStateException(path + " has fields the Kubernetes API does not know: " + unknown.keySet());
                }
                continue;
            }
            walk(child, path + "." + getter.getName());
        }
    }
}
