package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.linux.plan.InitPlanWriter;
import dev.jrunc.linux.plan.PlanOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A requested LSM label never goes unapplied: with the LSM enabled it travels in the plan,
 * without it the config is refused in runc's words.
 */
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
        return assertThrows(JruncException.class, () -> LsmLabels.check(s, host)).getMessage();
    }

    private static ObjectNode process(ObjectNode c) {
        return (ObjectNode) c.get("process");
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    /** The EXEC_LABEL ops of a plan as "lsm label" strings, in plan order. */
    private static List<String> execLabels(byte[] plan) {
        List<String> found = new ArrayList<>();
        for (PlannedOp op : PlannedOp.all(plan)) {
            if (op.op() == PlanOp.EXEC_LABEL) {
                ByteBuffer p = op.payload();
                int lsm = p.getInt();
                found.add(lsm + " " + PlannedOp.str(p));
            }
        }
        return found;
    }

    @Test
    void apparmorProfileWithoutAppArmor() throws Exception {
        assertEquals("process.apparmorProfile: apparmor: config provided but apparmor not supported",
                refusal(c -> process(c).put("apparmorProfile", "docker-default"), NONE));
    }

    @Test
    void selinuxLabelsWithSelinuxDisabled() throws Exception {
        assertEquals("process.selinuxLabel: selinux label is specified in config, but selinux is disabled or "
                        + "not supported",
                refusal(c -> process(c).put("selinuxLabel", "system_u:system_r:container_t:s0"), NONE));
        assertEquals("linux.mountLabel: selinux label is specified in config, but selinux is disabled or not supported",
                refusal(c -> linux(c).put("mountLabel", "system_u:object_r:container_file_t:s0"), NONE));
    }

    @Test
    void enabledLsmsGetTheProcessLabelsAsExecLabelOps() throws Exception {
        Spec s = spec(c -> process(c).put("apparmorProfile", "containers-default")
                .put("selinuxLabel", "system_u:system_r:container_t:s0:c1,c2"));
        LsmLabels.check(s, BOTH);
        InitPlanWriter plan = new InitPlanWriter();
        LsmLabels.addExecLabels(plan, s.process(), BOTH);
        assertEquals(List.of("1 containers-default", "2 system_u:system_r:container_t:s0:c1,c2"),
                execLabels(plan.build()));
        InitPlanWriter none = new InitPlanWriter();
        LsmLabels.addExecLabels(none, spec(c -> { }).process(), BOTH);
        assertEquals(List.of(), execLabels(none.build()), "no label asked for, no op");
    }

    @Test
    void eachLsmIsCheckedOnItsOwn() throws Exception {
        LsmLabels.Host apparmorOnly = new LsmLabels.Host(true, false);
        LsmLabels.check(spec(c -> process(c).put("apparmorProfile", "p")), apparmorOnly);
        assertEquals("process.selinuxLabel: selinux label is specified in config, but selinux is disabled or "
                        + "not supported",
                refusal(c -> process(c).put("apparmorProfile", "p").put("selinuxLabel", "l"), apparmorOnly));
    }

    @Test
    void mountLabelGoesIntoTheContainersOwnFilesystemsOnly() {
        String label = "system_u:object_r:container_file_t:s0:c1,c2";
        assertEquals("mode=755,context=\"" + label + "\"", LsmLabels.withMountLabel("mode=755", "tmpfs", label));
        assertEquals("context=\"" + label + "\"", LsmLabels.withMountLabel("", "devpts", label));
        for (String own : List.of("proc", "sysfs", "mqueue", "cgroup", "cgroup2", "")) {
            assertEquals("x=1", LsmLabels.withMountLabel("x=1", own, label), own);
        }
        assertEquals("mode=755", LsmLabels.withMountLabel("mode=755", "tmpfs", null));
    }

    @Test
    void mountLabelIsInTheCompiledPlanWhenSelinuxIsOn() throws Exception {
        // The host decides: on this machine SELinux is off, so the compiler refuses it.
        Spec s = spec(c -> linux(c).put("mountLabel", "system_u:object_r:container_file_t:s0"));
        assertEquals("linux.mountLabel: " + LsmLabels.SELINUX_DISABLED, assertThrows(JruncException.class,
                () -> InitPlanCompiler.compile(s, new InitPlanCompiler.Inputs(java.nio.file.Path.of("/b"),
                        java.nio.file.Path.of("/b/rootfs"), null, null, false, 0, CgroupView.none()))).getMessage());
    }

    @Test
    void emptyLabelsAreNoRequest() throws Exception {
        LsmLabels.check(spec(c -> {
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
