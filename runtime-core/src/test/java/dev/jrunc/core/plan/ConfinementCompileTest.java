package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.linux.plan.PlanOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The confinement fields become the kernel numbers jrunc-init passes on unchanged. */
class ConfinementCompileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** op number → payload of each (singleton) op in the plan. */
    private static Map<Integer, ByteBuffer> compile(Consumer<ObjectNode> edit, String containerId,
                                                    List<String> warnings) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        Spec spec = SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
        byte[] plan = InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(Path.of("/b"), Path.of("/b/rootfs"),
                Path.of("/run/x/exec.fifo"), null, false, 0, CgroupView.none(), containerId, warnings::add, null));
        Map<Integer, ByteBuffer> ops = new LinkedHashMap<>();
        PlannedOp.all(plan).forEach(o -> ops.put(o.op(), o.payload()));
        return ops;
    }

    private static ObjectNode process(ObjectNode c) {
        return (ObjectNode) c.get("process");
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    @Test
    void schedulerAsSchedAttrFields() throws Exception {
        Map<Integer, ByteBuffer> ops = compile(c -> process(c).putObject("scheduler").put("policy", "SCHED_DEADLINE")
                .put("runtime", 10_000).put("deadline", 20_000).put("period", 30_000)
                .putArray("flags").add("SCHED_FLAG_RESET_ON_FORK").add("SCHED_FLAG_DL_OVERRUN"), null, new ArrayList<>());
        ByteBuffer s = ops.get(PlanOp.SCHEDULER);
        assertEquals(6, s.getInt());
        assertEquals(0, s.getInt());
        assertEquals(0, s.getInt());
        assertEquals(0x05L, s.getLong());
        assertEquals(10_000L, s.getLong());
        assertEquals(20_000L, s.getLong());
        assertEquals(30_000L, s.getLong());
        ByteBuffer b = compile(c -> process(c).putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", -3),
                null, new ArrayList<>()).get(PlanOp.SCHEDULER);
        assertEquals(3, b.getInt());
        assertEquals(-3, b.getInt());
    }

    @Test
    void ioPriorityClassAndLevel() throws Exception {
        ByteBuffer io = compile(c -> process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE")
                .put("priority", 5), null, new ArrayList<>()).get(PlanOp.IO_PRIORITY);
        assertEquals(3, io.getInt());
        assertEquals(5, io.getInt());
        ByteBuffer rt = compile(c -> process(c).putObject("ioPriority").put("class", "IOPRIO_CLASS_RT"), null,
                new ArrayList<>()).get(PlanOp.IO_PRIORITY);
        assertEquals(1, rt.getInt());
        assertEquals(0, rt.getInt());
    }

    @Test
    void personalityDomains() throws Exception {
        assertEquals(8, compile(c -> linux(c).putObject("personality").put("domain", "LINUX32"), null,
                new ArrayList<>()).get(PlanOp.PERSONALITY).getInt());
        assertEquals(0, compile(c -> linux(c).putObject("personality").put("domain", "LINUX"), null,
                new ArrayList<>()).get(PlanOp.PERSONALITY).getInt());
    }

    @Test
    void memoryPolicyModeFlagsAndNodeMask() throws Exception {
        ByteBuffer m = compile(c -> linux(c).putObject("memoryPolicy").put("mode", "MPOL_INTERLEAVE")
                .put("nodes", "0-1,64").putArray("flags").add("MPOL_F_STATIC_NODES"), null, new ArrayList<>())
                .get(PlanOp.MEMORY_POLICY);
        assertEquals(3, m.getInt());
        assertEquals(1 << 15, m.getInt());
        assertEquals(2, m.getInt());
        assertArrayEquals(new long[] {3, 1}, new long[] {m.getLong(), m.getLong()});
        ByteBuffer local = compile(c -> linux(c).putObject("memoryPolicy").put("mode", "MPOL_LOCAL"), null,
                new ArrayList<>()).get(PlanOp.MEMORY_POLICY);
        assertEquals(4, local.getInt());
        assertEquals(0, local.getInt());
        assertEquals(0, local.getInt());
        assertFalse(local.hasRemaining());
    }

    @Test
    void sessionKeyringNamedAfterTheContainerUnlessNoNewKeyring() throws Exception {
        ByteBuffer k = compile(c -> { }, "web-1", new ArrayList<>()).get(PlanOp.SESSION_KEYRING);
        byte[] name = new byte[k.getInt()];
        k.get(name);
        assertEquals("_ses.web-1", new String(name, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0xFFFFFFFF, k.getInt());
        assertEquals(0x00080000, k.getInt());
        ByteBuffer userNs = compile(c -> ((com.fasterxml.jackson.databind.node.ArrayNode) linux(c).get("namespaces"))
                .addObject().put("type", "user"), "u", new ArrayList<>()).get(PlanOp.SESSION_KEYRING);
        userNs.position(4 + "_ses.u".length());
        assertEquals(0xFFFFFFFF, userNs.getInt());
        assertEquals(0x8, userNs.getInt());
        assertFalse(compile(c -> { }, null, new ArrayList<>()).containsKey(PlanOp.SESSION_KEYRING));
    }

    @Test
    void execCpuAffinityIsNotAppliedToTheInit() throws Exception {
        Map<Integer, ByteBuffer> ops = compile(c -> process(c).putObject("execCPUAffinity").put("initial", "0")
                .put("final", "0-1"), null, new ArrayList<>());
        assertFalse(ops.containsKey(PlanOp.CPU_AFFINITY));
    }

    @Test
    void nothingConfiguredNothingCarried() throws Exception {
        Map<Integer, ByteBuffer> ops = compile(c -> { }, null, new ArrayList<>());
        for (int op : new int[] {PlanOp.SCHEDULER, PlanOp.IO_PRIORITY, PlanOp.PERSONALITY, PlanOp.MEMORY_POLICY,
                PlanOp.CPU_AFFINITY, PlanOp.SESSION_KEYRING}) {
            assertFalse(ops.containsKey(op), PlanOp.name(op));
        }
    }
}
