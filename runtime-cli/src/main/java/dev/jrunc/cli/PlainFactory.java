package dev.jrunc.cli;

import picocli.CommandLine.IFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * picocli's object factory without its default one's start-up cost: the default factory
 * probes the class path for Groovy when first used, a failing class lookup through every
 * jar of the distribution on every command. jrunc's model is programmatic, so picocli only
 * asks for the containers of multi-value options.
 */
final class PlainFactory implements IFactory {
    static final PlainFactory INSTANCE = new PlainFactory();

    private PlainFactory() {
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (!cls.isInterface()) {
            return cls.getDeclaredConstructor().newInstance();
        }
        return cls.cast(containerFor(cls));
    }

    private static Object containerFor(Class<?> cls) {
        if (SortedSet.class.isAssignableFrom(cls)) {
            return new TreeSet<>();
        }
        if (Set.class.isAssignableFrom(cls)) {
            return new LinkedHashSet<>();
        }
        if (Queue.class.isAssignableFrom(cls)) {
            return new ArrayDeque<>();
        }
        if (List.class.isAssignableFrom(cls) || Collection.class.isAssignableFrom(cls)) {
            return new ArrayList<>();
        }
        if (SortedMap.class.isAssignableFrom(cls)) {
            return new TreeMap<>();
        }
        if (Map.class.isAssignableFrom(cls)) {
            return new LinkedHashMap<>();
        }
        throw new IllegalArgumentException("no implementation for " + cls.getName());
    }
}
