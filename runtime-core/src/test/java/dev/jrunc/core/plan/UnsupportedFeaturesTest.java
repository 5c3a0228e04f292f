package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What jrunc cannot honour yet is refused, naming the field, never silently dropped. */
class UnsupportedFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String refusal(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        Spec spec = SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
        return assertThrows(JruncException.class, () -> UnsupportedFeatures.refuse(spec)).getMessage();
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    private static ObjectNode process(ObjectNode c) {
        return (ObjectNode) c.get("process");
    }

    @Test
    void seccompIsNoLongerRefused() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        linux(config).putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW");
        UnsupportedFeatures.refuse(SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json"));
    }

    @Test
    void implementedConfinementFieldsPass() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        process(config).putObject("scheduler").put("policy", "SCHED_BATCH");
        process(config).putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 4);
        process(config).putObject("execCPUAffinity").put("initial", "0").put("final", "0-1");
        linux(config).putObject("personality").put("domain", "LINUX32");
        linux(config).putObject("memoryPolicy").put("mode", "MPOL_BIND").put("nodes", "0");
        UnsupportedFeatures.refuse(SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json"));
    }

    @Test
    void everyHookKindPasses() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        ObjectNode hooks = config.putObject("hooks");
        for (String kind : new String[] {"prestart", "createRuntime", "createContainer", "startContainer",
                "poststart", "poststop"}) {
            hooks.putArray(kind).addObject().put("path", "/bin/true");
        }
        UnsupportedFeatures.refuse(SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json"));
    }

    @Test
    void emptyHookListsAndTheDefaultSpecPass() throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        config.putObject("hooks").putArray("prestart");
        UnsupportedFeatures.refuse(SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json"));
    }
}
