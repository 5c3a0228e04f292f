package dev.jrunc.core.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.spec.validation.SpecValidator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs over jrunc-init's bounds are refused by the validator, naming the field. */
class ProcessLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode example() throws Exception {
        return (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
    }

    private static ConfigException error(ObjectNode config) throws Exception {
        Spec spec = SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
        return SpecValidator.firstError(spec).orElseThrow(() -> new AssertionError("accepted"));
    }

    @Test
    void tooManyEnvEntries() throws Exception {
        ObjectNode config = example();
        ArrayNode env = ((ObjectNode) config.get("process")).putArray("env");
        for (int i = 0; i <= 65536; i++) {
            env.add("V" + i + "=x");
        }
        ConfigException e = error(config);
        assertEquals("process.env", e.field());
        assertTrue(e.reason().contains("65537 entries"), e.reason());
    }

    @Test
    void overlongArgument() throws Exception {
        ObjectNode config = example();
        ((ObjectNode) config.get("process")).putArray("args").add("sh").add("x".repeat(70_000));
        ConfigException e = error(config);
        assertEquals("process.args[1]", e.field());
        assertTrue(e.reason().contains("65536 bytes"), e.reason());
    }

    @Test
    void withinBoundsIsAccepted() throws Exception {
        ObjectNode config = example();
        ((ObjectNode) config.get("process")).putArray("args").add("sh").add("x".repeat(60_000));
        Spec spec = SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
        assertTrue(SpecValidator.firstError(spec).isEmpty());
    }
}
