package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigInteger;

/**
 * Marks a {@code Long} record component that holds a Go {@code uint64} (or {@code uint}).
 *
 * <p>Values above {@link Long#MAX_VALUE} occur in real configs (RLIM_INFINITY is written as
 * 18446744073709551615, seccomp masks can use the top bit), so the 64 bits are kept as Java's
 * two's-complement {@code long} and must be read with {@link Long#compareUnsigned} /
 * {@link Long#toUnsignedString}. Negative JSON numbers are rejected, as Go's decoder does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonSerialize(using = Unsigned64.Serializer.class)
@JsonDeserialize(using = Unsigned64.Deserializer.class)
public @interface Unsigned64 {

    BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Reads a JSON integer in [0, 2^64-1] into the bits of a long. */
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
            if (value.signum() < 0 || value.compareTo(MAX) > 0) {
                throw new SpecInputException(p, "value " + value + " out of range for an unsigned 64-bit integer");
            }
            return value.longValue();
        }
    }

    /** Writes the long's bits back as an unsigned decimal, so round trips are exact. */
    final class Serializer extends StdSerializer<Long> {
        public Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value >= 0) {
                gen.writeNumber(value);
            } else {
                gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
            }
        }
    }
}
