package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A jackson-core parser seen as typed values, for the hand-written readers of the spec records
 * (start-up cost: no databind introspection). Every read method expects the parser on the
 * value's first token and leaves it on the value's last token.
 *
 * <p>Type rules are Go's {@code encoding/json} ones, as the databind configuration had them:
 * {@code null} is "absent" for every type, there is no scalar coercion ({@code "1"} is not a
 * number, {@code 1.0} is not an integer), and a wrong type or an out-of-range number is a
 * {@link ConfigException} whose {@link ConfigException#field()} is the JSON path of the value,
 * computed from the parser's context only when an error is raised.
 */
final class JsonCursor {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final JsonParser p;

    JsonCursor(JsonParser parser) {
        this.p = parser;
    }

    JsonParser parser() {
        return p;
    }

    /** True on an object (then iterate with {@link #nextField()}), false on null. */
    boolean beginObject() {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType("object");
    }

    /** Moves to the next member's value and returns its name; null at the end of the object. */
    String nextField() throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            return null;
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /** True on an array (then iterate with {@link #nextElement()}), false on null. */
    boolean beginArray() {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType("array");
    }

    /** Moves to the next element; false at the end of the array. */
    boolean nextElement() throws IOException {
        return p.nextToken() != JsonToken.END_ARRAY;
    }

    /** Skips the current value (an unknown property: runtime-spec says to ignore it). */
    void skip() throws IOException {
        p.skipChildren();
    }

    String string() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType("string");
    }

    Boolean bool() {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType("boolean");
    }

    /** A Go {@code int}/{@code int32} held in a Java {@code Integer}. */
    Integer int32() throws IOException {
        if (!integerToken("integer")) {
            return null;
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw error("value " + p.getText() + " out of range for a 32-bit integer");
        }
        return p.getIntValue();
    }

    /** A Go {@code int64}. */
    Long int64() throws IOException {
        if (!integerToken("integer")) {
            return null;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw error("value " + p.getText() + " out of range for a 64-bit integer");
        }
        return p.getLongValue();
    }

    /** A Go {@code uint32}, see {@link Unsigned32}. */
    Long uint32() throws IOException {
        if (!integerToken("unsigned integer")) {
            return null;
        }
        BigInteger big = null;
        long value = 0;
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            big = p.getBigIntegerValue();
        } else {
            value = p.getLongValue();
        }
        if (big != null || value < 0 || value > Unsigned32.MAX) {
            throw error("value " + (big != null ? big.toString() : Long.toString(value))
                    + " out of range for an unsigned 32-bit integer");
        }
        return value;
    }

    /** A Go {@code uint64}/{@code uint}, see {@link Unsigned64}: values past 2^63-1 read negative. */
    Long uint64() throws IOException {
        if (!integerToken("unsigned integer")) {
            return null;
        }
        if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long value = p.getLongValue();
            if (value < 0) {
                throw error("value " + value + " out of range for an unsigned 64-bit integer");
            }
            return value;
        }
        BigInteger big = p.getBigIntegerValue();
        if (big.signum() < 0 || big.compareTo(UINT64_MAX) > 0) {
            throw error("value " + big + " out of range for an unsigned 64-bit integer");
        }
        return big.longValue();
    }

    /** A list of strings; null elements are kept (the validator reports them). */
    List<String> strings() throws IOException {
        if (!beginArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        while (nextElement()) {
            out.add(string());
        }
        return out;
    }

    /** A list of Go {@code int64}s. */
    List<Long> int64s() throws IOException {
        if (!beginArray()) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        while (nextElement()) {
            out.add(int64());
        }
        return out;
    }

    /** A {@code map[string]string}; a repeated key keeps its first position and last value. */
    Map<String, String> stringMap() throws IOException {
        if (!beginObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key = nextField(); key != null; key = nextField()) {
            out.put(key, string());
        }
        return out;
    }

    private boolean integerToken(String expected) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return true;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType(expected);
    }

    ConfigException wrongType(String expected) {
        return error("expected " + expected + ", got " + describe(p.currentToken()));
    }

    /** A ConfigException for the current value, named by its JSON path. */
    ConfigException error(String reason) {
        return new ConfigException(path(), reason);
    }

    /** The JSON path of the current value, e.g. {@code mounts[3].destination}. */
    String path() {
        JsonStreamContext ctx = p.getParsingContext();
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && ctx != null) {
            // The parser has already entered the container; its slot is in the parent.
            ctx = ctx.getParent();
        }
        return path(ctx);
    }

    private static String path(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        String parent = path(ctx.getParent());
        if (ctx.inArray()) {
            return JsonPath.index(parent, Math.max(ctx.getCurrentIndex(), 0));
        }
        String name = ctx.getCurrentName();
        return name == null ? parent : JsonPath.field(parent, name);
    }

    /** Names a JSON token the way a config author thinks of it. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "object";
            case START_ARRAY, END_ARRAY -> "array";
            case VALUE_STRING, VALUE_EMBEDDED_OBJECT -> "string";
            case VALUE_NUMBER_INT -> "integer";
            case VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            case NOT_AVAILABLE -> "end of input";
        };
    }
}
