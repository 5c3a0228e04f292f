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

/** A requested LSM label never goes unapplied: runc's words when the LSM is off, a refusal when on. */
class LsmLabelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LsmLabels.Host NONE = new LsmLabels.Host(false, false);
    private static final LsmLabels.Host BOTH = new LsmLabels.Host(true, true);

    private static Spec spec(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        return SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
    }

    private static String refusal(Consumer<ObjectNode> edit, LsmLabels.Host host) throws Exception {
        Spec s = spec(edit);
        return assertThrows(JruncException.class, () -> LsmLabels.refuse(s, host)).getMessage();
    }

    private static ObjectNode process(ObjectNode c) {
        return (ObjectNode) c.get("process");
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    @Test
    void apparmorProfileWithoutAppArmor() throws Exception {
        assertEquals("process.apparmorProfile: apparmor: config provided but apparmor not supported",
                refusal(c -> process(c).put("apparmorProfile", "docker-default"), NONE));
        assertEquals("process.apparmorProfile: AppArmor profiles are not supported by jrunc yet",
                refusal(c -> process(c).put("apparmorProfile", "docker-default"), BOTH));
    }

    @Test
    void selinuxLabelsWithSelinuxDisabled() throws Exception {
        assertEquals("process.selinuxLabel: selinux label is specified in config, but selinux is disabled or "
                        + "not supported",
                refusal(c -> process(c).put("selinuxLabel", "system_u:system_r:container_t:s0"), NONE));
        assertEquals("linux.mountLabel: selinux label is specified in config, but selinux is disabled or not supported",
                refusal(c -> linux(c).put("mountLabel", "system_u:object_r:container_file_t:s0"), NONE));
        assertEquals("linux.mountLabel: SELinux labels are not supported by jrunc yet",
                refusal(c -> linux(c).put("mountLabel", "system_u:object_r:container_file_t:s0"), BOTH));
    }

    @Test
    void emptyLabelsAreNoRequest() throws Exception {
        LsmLabels.refuse(spec(c -> {
            process(c).put("apparmorProfile", "").put("selinuxLabel", "");
            linux(c).put("mountLabel", "");
        }), NONE);
    }

    @Test
    void thisHostHasNeitherLsm() {
        // The conformance tests rely on it (docs/cli.md): no AppArmor module, no selinuxfs.
        assertEquals(NONE, LsmLabels.Host.detect());
    }
}
