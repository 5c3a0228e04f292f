package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;

/**
 * Marks a {@code Long} record component that holds a Go {@code uint32} (ids, masks, file modes).
 * A {@code Long} is used because the values do not fit a Java {@code int}; the range check
 * reproduces Go's decoder, which rejects negative and too-large numbers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonDeserialize(using = Unsigned32.Deserializer.class)
public @interface Unsigned32 {

    long MAX = 0xFFFF_FFFFL;

    /** Reads a JSON integer in [0, 2^32-1]. */
    final class Deserializer extends StdDeserializer<Long> {
        public Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                throw SpecInputException.wrongType(p, "unsigned integer");
            }
            BigInteger value = p.getBigIntegerValue();
            if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(MAX)) > 0) {
                throw new SpecInputException(p, "value " + value + " out of range for an unsigned 32-bit integer");
            }
            return value.longValue();
        }
    }
}
