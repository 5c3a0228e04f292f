package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.LinuxCapabilities;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.User;
import dev.jrunc.linux.plan.PlanOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exec plan: JOIN_PID first, the process ops, nothing that would set a container up. */
class ExecPlanTest {
    private static List<PlannedOp> ops(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertEquals("JRUNCPLN", new String(magic, StandardCharsets.US_ASCII));
        b.getInt();
        assertEquals(plan.length - 16, b.getInt());
        return PlannedOp.all(plan);
    }

    private static Process process(Boolean terminal, String apparmor) {
        return new Process(terminal, null, new User(1000L, 1000L, null, List.of(5L), null), List.of("sh", "-c", "x"),
                null, List.of("PATH=/bin"), "/work", new LinuxCapabilities(List.of("CAP_KILL"), List.of("CAP_KILL"),
                null, List.of("CAP_KILL"), null), null, true, apparmor, null, null, null, null, null);
    }

    @Test
    void joinPidFirstThenTheProcess() {
        byte[] plan = InitPlanCompiler.compileExec(process(false, null),
                new InitPlanCompiler.ExecInputs(4242, 987654321L, Path.of("/nonexistent-rootfs"), null, 2));
        List<PlannedOp> ops = ops(plan);
        assertEquals(PlanOp.JOIN_PID, ops.get(0).op());
        assertEquals(4242, ops.get(0).payload().getInt(0));
        assertEquals(987654321L, ops.get(0).payload().getLong(4));
        List<Integer> kinds = ops.stream().map(PlannedOp::op).toList();
        for (int op : List.of(PlanOp.USER, PlanOp.CWD, PlanOp.ENV, PlanOp.ARG, PlanOp.CAPABILITIES,
                PlanOp.NO_NEW_PRIVS, PlanOp.PRESERVE_FDS)) {
            assertTrue(kinds.contains(op), PlanOp.name(op) + " in " + kinds);
        }
        for (int op : List.of(PlanOp.NAMESPACE, PlanOp.ROOTFS, PlanOp.MOUNT, PlanOp.DEVICE, PlanOp.EXEC_FIFO,
                PlanOp.HOSTNAME, PlanOp.TERMINAL, PlanOp.CONSOLE_SOCKET)) {
            assertFalse(kinds.contains(op), PlanOp.name(op) + " must not be in an exec plan: " + kinds);
        }
        assertEquals(3, kinds.stream().filter(k -> k == PlanOp.ARG).count(), "sh -c x: three ARGs");
    }

    @Test
    void terminalGoesWithTheConsoleSocket() {
        List<Integer> kinds = ops(InitPlanCompiler.compileExec(process(true, null), new InitPlanCompiler.ExecInputs(1, 1,
                Path.of("/nonexistent-rootfs"), Path.of("/run/sock"), 0))).stream().map(PlannedOp::op).toList();
        assertTrue(kinds.contains(PlanOp.TERMINAL) && kinds.contains(PlanOp.CONSOLE_SOCKET), kinds.toString());
        assertFalse(kinds.contains(PlanOp.PRESERVE_FDS), kinds.toString());
    }

    @Test
    void labelsOfAnLsmThisHostLacksAreRefused() {
        assertEquals("process.apparmorProfile: apparmor: config provided but apparmor not supported",
                assertThrows(JruncException.class, () -> InitPlanCompiler.compileExec(process(false, "p"),
                        new InitPlanCompiler.ExecInputs(1, 1, Path.of("/x"), null, 0))).getMessage());
    }

    /** execCPUAffinity: both masks as u64 words (CPU 65 is bit 1 of word 1); an absent list is empty. */
    @Test
    void execCpuAffinityTravelsAsTwoMasks() {
        Process base = process(false, null);
        Process p = new Process(base.terminal(), null, base.user(), base.args(), null, base.env(), base.cwd(),
                base.capabilities(), null, true, null, null, null, null, null,
                new dev.jrunc.core.spec.CpuAffinity("0,2-3", "65"));
        PlannedOp op = ops(InitPlanCompiler.compileExec(p, new InitPlanCompiler.ExecInputs(1, 1, Path.of("/x"), null, 0)))
                .stream().filter(o -> o.op() == PlanOp.CPU_AFFINITY).findFirst().orElseThrow();
        ByteBuffer b = op.payload();
        assertEquals(1, b.getInt());
        assertEquals(0b1101L, b.getLong());
        assertEquals(2, b.getInt());
        assertEquals(0L, b.getLong());
        assertEquals(2L, b.getLong());
        assertFalse(b.hasRemaining());

        Process finalOnly = new Process(base.terminal(), null, base.user(), base.args(), null, base.env(), base.cwd(),
                base.capabilities(), null, true, null, null, null, null, null,
                new dev.jrunc.core.spec.CpuAffinity(null, "1"));
        ByteBuffer f = ops(InitPlanCompiler.compileExec(finalOnly, new InitPlanCompiler.ExecInputs(1, 1, Path.of("/x"),
                null, 0))).stream().filter(o -> o.op() == PlanOp.CPU_AFFINITY).findFirst().orElseThrow().payload();
        assertEquals(0, f.getInt(), "no initial: an empty mask");
        assertEquals(1, f.getInt());
        assertEquals(2L, f.getLong());
        assertFalse(ops(InitPlanCompiler.compileExec(base, new InitPlanCompiler.ExecInputs(1, 1, Path.of("/x"), null, 0)))
                .stream().anyMatch(o -> o.op() == PlanOp.CPU_AFFINITY), "none configured, none carried");
    }
}
