package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code json.MarshalIndent} layout on a jackson-core generator: {@link GoIndentPrinter}
 * for the indentation, {@link GoStringEscapes} for the escaping, map keys sorted. The writers of
 * {@code state} and {@code features} output use it directly, without databind.
 */
final class GoJson {
    private final StringWriter out = new StringWriter();
    private final JsonGenerator g;

    GoJson(String indent) {
        try {
            g = JsonStreams.factory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setPrettyPrinter(new GoIndentPrinter(indent));
        g.setCharacterEscapes(new GoStringEscapes());
    }

    JsonGenerator generator() {
        return g;
    }

    /** Finishes the document and returns it (no trailing newline). */
    String finish() throws IOException {
        g.close();
        return out.toString();
    }

    /** A {@code map[string]string} with sorted keys, as Go encodes maps. */
    void stringMap(String name, Map<String, String> map) throws IOException {
        g.writeFieldName(name);
        g.writeStartObject();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    /** A list of strings; a null list is not written (omitempty). */
    void strings(String name, List<String> list) throws IOException {
        if (list == null) {
            return;
        }
        g.writeFieldName(name);
        g.writeStartArray();
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** A boolean; null is not written. */
    void bool(String name, Boolean value) throws IOException {
        if (value != null) {
            g.writeBooleanField(name, value);
        }
    }

    /** A string; null is not written. */
    void string(String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
