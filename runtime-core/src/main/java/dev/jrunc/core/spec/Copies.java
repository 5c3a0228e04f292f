package dev.jrunc.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for record components. The JDK's {@code List.copyOf} rejects null elements,
 * but a config may contain {@code "args": [null]} and the validator, not the constructor, is the
 * place to report that; so these copies keep nulls, keep order, and keep "absent" as null.
 */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> source) {
        return source == null ? null : Collections.unmodifiableList(new ArrayList<>(source));
    }

    static <K, V> Map<K, V> map(Map<K, V> source) {
        return source == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
