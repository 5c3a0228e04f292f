package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonFactory;

/**
 * The one jackson-core {@link JsonFactory} of the streaming readers and writers (config.json,
 * state.json, {@code state} and {@code features} output). A factory is thread-safe and
 * cheap; databind's mapper ({@link SpecJson}) is neither built nor loaded by these paths.
 */
public final class JsonStreams {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStreams() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }
}
