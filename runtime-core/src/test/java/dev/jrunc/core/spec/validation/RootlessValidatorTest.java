package dev.jrunc.core.spec.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** runc's rootless checks (libcontainer/configs/validate/rootless.go), with the field named. */
class RootlessValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Spec rootless(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(SpecGenerator.toJson(
                SpecGenerator.toRootless(SpecGenerator.example(false), 1001, 1001)));
        edit.accept(c);
        return SpecLoader.parse(JSON.writeValueAsString(c), Spec.class, "config.json");
    }

    private static String problem(Consumer<ObjectNode> edit) throws Exception {
        Spec spec = rootless(edit);
        return assertThrows(ConfigException.class, () -> RootlessValidator.validate(spec)).getMessage();
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    private static void addMountOption(ObjectNode c, String option) {
        ObjectNode m = c.withArray("mounts").addObject();
        m.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
        m.putArray("options").add(option);
    }

    @Test
    void specRootlessOutputPasses() throws Exception {
        Spec spec = rootless(c -> { });
        assertDoesNotThrow(() -> RootlessValidator.validate(spec));
    }

    @Test
    void needsAUserNamespace() throws Exception {
        String m = problem(c -> {
            ArrayNode ns = linux(c).putArray("namespaces");
            ns.addObject().put("type", "mount");
        });
        assertEquals(true, m.contains("rootless container requires user namespaces"), m);
        assertEquals(true, m.startsWith("linux.namespaces"), m);
    }

    @Test
    void needsUidAndGidMappings() throws Exception {
        String m = problem(c -> linux(c).remove("uidMappings"));
        assertEquals(true, m.contains("rootless containers requires at least one UID mapping"), m);
        m = problem(c -> linux(c).remove("gidMappings"));
        assertEquals(true, m.contains("rootless containers requires at least one GID mapping"), m);
    }

    @Test
    void mountIdOptionsMustBeMapped() throws Exception {
        Spec mapped = rootless(c -> addMountOption(c, "uid=0"));
        assertDoesNotThrow(() -> RootlessValidator.validate(mapped));
        String m = problem(c -> addMountOption(c, "uid=5"));
        assertEquals(true, m.contains("cannot specify uid= mount options for unmapped uid in rootless containers"), m);
        m = problem(c -> addMountOption(c, "gid=5"));
        assertEquals(true, m.contains("cannot specify gid= mount options for unmapped gid in rootless containers"), m);
    }
}
