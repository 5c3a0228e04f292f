package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.seccomp.SeccompCompiler;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.linux.plan.PlanLimits;
import dev.jrunc.linux.plan.PlanOp;
import dev.jrunc.linux.plan.SeccompFilterFlags;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** linux.seccomp reaches the plan as one SECCOMP op with the compiler's program and flags. */
class InitPlanSeccompTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Spec spec(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        return SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
    }

    private static byte[] plan(Spec spec) {
        return InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(Path.of("/b"), Path.of("/b/rootfs"),
                Path.of("/run/x/exec.fifo"), null, false, 0, CgroupView.none()));
    }

    /** The payload of the SECCOMP op, or null when the plan has none. */
    private static byte[] seccompOp(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN);
        int at = PlanLimits.HEADER_LENGTH;
        while (at < plan.length) {
            int op = b.getShort(at) & 0xffff;
            int len = b.getInt(at + 4);
            if (op == PlanOp.SECCOMP) {
                return Arrays.copyOfRange(plan, at + 8, at + 8 + len);
            }
            at += 8 + len;
        }
        return null;
    }

    @Test
    void noSeccompNoOp() throws Exception {
        assertNull(seccompOp(plan(spec(c -> { }))));
    }

    @Test
    void theCompiledFilterTravelsInTheOp() throws Exception {
        Spec spec = spec(c -> {
            ObjectNode s = ((ObjectNode) c.get("linux")).putObject("seccomp");
            s.put("defaultAction", "SCMP_ACT_ALLOW").putArray("flags").add("SECCOMP_FILTER_FLAG_LOG");
            s.putArray("syscalls").addObject().put("action", "SCMP_ACT_ERRNO").putArray("names").add("mkdir");
        });
        byte[] op = seccompOp(plan(spec));
        SeccompCompiler.Program expected = SeccompCompiler.compile(spec.linux().seccomp(), "linux.seccomp");
        ByteBuffer b = ByteBuffer.wrap(op).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(SeccompFilterFlags.LOG, b.getInt(0));
        assertEquals(expected.bpf().length, b.getInt(4));
        assertArrayEquals(expected.bpf(), Arrays.copyOfRange(op, 8, op.length));
    }

    @Test
    void execPlansCarryTheContainersFilterAndItsListenerFlag() throws Exception {
        Spec spec = spec(c -> {
            ObjectNode s = ((ObjectNode) c.get("linux")).putObject("seccomp");
            s.put("defaultAction", "SCMP_ACT_ALLOW");
            s.putArray("syscalls").addObject().put("action", "SCMP_ACT_ERRNO").putArray("names").add("mkdir");
        });
        InitPlanCompiler.ExecInputs in = new InitPlanCompiler.ExecInputs(42, 7, Path.of("/b/rootfs"), null, 0);
        assertNull(seccompOp(InitPlanCompiler.compileExec(spec.process(), null, in)));
        byte[] op = seccompOp(InitPlanCompiler.compileExec(spec.process(), spec.linux().seccomp(), in));
        byte[] bpf = SeccompCompiler.compile(spec.linux().seccomp(), "linux.seccomp").bpf();
        assertArrayEquals(bpf, Arrays.copyOfRange(op, 8, op.length));

        Spec notify = spec(c -> {
            ObjectNode s = ((ObjectNode) c.get("linux")).putObject("seccomp");
            s.put("defaultAction", "SCMP_ACT_ALLOW").put("listenerPath", "/run/agent.sock");
            s.putArray("syscalls").addObject().put("action", "SCMP_ACT_NOTIFY").putArray("names").add("mkdir");
        });
        byte[] withListener = seccompOp(InitPlanCompiler.compileExec(notify.process(), notify.linux().seccomp(), in));
        int flags = java.nio.ByteBuffer.wrap(withListener).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
        assertEquals(dev.jrunc.linux.plan.SeccompFilterFlags.NEW_LISTENER,
                flags & dev.jrunc.linux.plan.SeccompFilterFlags.NEW_LISTENER, "the exec'd process asks for a notify fd");
    }

    @Test
    void compilerErrorsKeepTheirField() throws Exception {
        Spec spec = spec(c -> ((ObjectNode) c.get("linux")).putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW")
                .putArray("architectures").add("SCMP_ARCH_S390X"));
        assertEquals("linux.seccomp.architectures[0]: SCMP_ARCH_S390X cannot be combined with the native"
                + " architecture (another byte order)", assertThrows(JruncException.class, () -> plan(spec)).getMessage());
    }
}
