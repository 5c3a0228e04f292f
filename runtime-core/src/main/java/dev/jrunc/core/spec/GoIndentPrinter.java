package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;

import java.io.IOException;

/**
 * Lays JSON out the way Go's {@code json.MarshalIndent(v, "", indent)} does, because runc's
 * {@code spec}, {@code state} and {@code features} output is byte-compared by people and tools:
 * {@code "key": value} (no space before the colon), one element per line, and empty containers
 * written as {@code {}} / {@code []} rather than Jackson's {@code { }}.
 */
final class GoIndentPrinter implements PrettyPrinter, Instantiatable<GoIndentPrinter> {

    private final String indent;
    private int depth;

    GoIndentPrinter(String indent) {
        this.indent = indent;
    }

    @Override
    public GoIndentPrinter createInstance() {
        // Jackson asks for a fresh instance per generator; depth is per-document state.
        return new GoIndentPrinter(indent);
    }

    private void newline(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
        for (int i = 0; i < depth; i++) {
            g.writeRaw(indent);
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        depth--;
        if (entries > 0) {
            newline(g);
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        depth--;
        if (values > 0) {
            newline(g);
        }
        g.writeRaw(']');
    }
}
