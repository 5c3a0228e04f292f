package dev.jrunc.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for every OCI document jrunc reads or writes. The mapper is
 * built once and never reconfigured, so sharing it between threads is safe.
 */
public final class SpecJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // runtime-spec: "Runtimes MUST ignore unknown properties".
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Go's decoder rejects "1" for a number and 1.5 for an integer; so do we, so a
            // config that runc refuses is not silently accepted.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // runc's json.Decoder stops after the first value; we are stricter on purpose:
            // trailing garbage in config.json is almost always a broken edit.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Go sorts map keys when encoding; annotations, sysctl etc. come out the same way.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private SpecJson() {
    }

    /** The shared, immutable-by-convention mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Serializes like Go's {@code json.MarshalIndent(value, "", indent)}: no trailing newline,
     * Go's key layout and HTML-safe escaping. runc uses a tab for {@code spec}, two spaces for
     * {@code state} and four spaces (plus a newline the caller adds) for {@code features}.
     */
    public static String toGoIndentedJson(Object value, String indent) {
        try {
            return MAPPER.writer(new GoIndentPrinter(indent))
                    .with(new GoStringEscapes())
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only our own records are serialized here; failure is a programming error.
            throw new UncheckedIOException(e);
        }
    }
}
