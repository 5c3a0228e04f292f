package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Go's {@code time.Time} marshals them (RFC 3339 with up to nine fraction digits,
 * trailing zeros dropped, e.g. {@code 2026-08-19T10:11:12.1234Z}). Java's {@code Instant}
 * prints fractions in groups of three, which CRI-O would parse but humans diffing against runc
 * would not expect; runc's {@code created} is always UTC, so we always print {@code Z}.
 */
public final class GoTime {

    private GoTime() {
    }

    /**
     * Formats like Go's {@code time.RFC3339Nano} in UTC. Hand-formatted: a DateTimeFormatter or
     * String.format loads the locale providers, ~10 ms of every {@code create}.
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(32);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(out.append('.'), nanos, digits);
        }
        return out.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    /** Parses any RFC 3339 timestamp (any offset, any fraction length). */
    public static Instant parse(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    static final class Deserializer extends StdDeserializer<Instant> {
        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                throw SpecInputException.wrongType(p, "RFC 3339 timestamp string");
            }
            try {
                return parse(p.getText());
            } catch (DateTimeParseException e) {
                throw new SpecInputException(p, "invalid RFC 3339 timestamp \"" + p.getText() + "\"");
            }
        }
    }
}
