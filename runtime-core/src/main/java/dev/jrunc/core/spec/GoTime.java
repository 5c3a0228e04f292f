package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Go's {@code time.Time} marshals them (RFC 3339 with up to nine fraction digits,
 * trailing zeros dropped, e.g. {@code 2026-08-19T10:11:12.1234Z}). Java's {@code Instant}
 * prints fractions in groups of three, which CRI-O would parse but humans diffing against runc
 * would not expect; runc's {@code created} is always UTC, so we always print {@code Z}.
 */
public final class GoTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private GoTime() {
    }

    /** Formats like Go's {@code time.RFC3339Nano} in UTC. */
    public static String format(Instant instant) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String digits = String.format("%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.append('Z').toString();
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
