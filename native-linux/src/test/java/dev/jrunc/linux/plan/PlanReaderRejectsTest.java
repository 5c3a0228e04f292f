package dev.jrunc.linux.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Malformed plans must be refused by the C reader with exit 2 and one "error:" line, never
 * read past their end or allocated by their own length fields (the CVE-2021-43784 class).
 */
class PlanReaderRejectsTest {

    /** Hand-made plan bytes, so that every field can be wrong. */
    private static final class Raw {
        private final ByteArrayOutputStream ops = new ByteArrayOutputStream();

        Raw op(int op, byte[] payload) {
            return opWithLength(op, 0, payload.length, payload);
        }

        Raw opWithLength(int op, int reserved, int length, byte[] payload) {
            ops.writeBytes(le().putShort((short) op).putShort((short) reserved).putInt(length).array());
            ops.writeBytes(payload);
            return this;
        }

        byte[] build() {
            byte[] body = ops.toByteArray();
            return header(1, body.length, body);
        }

        static byte[] header(int version, int length, byte[] body) {
            ByteBuffer b = ByteBuffer.allocate(16 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put("JRUNCPLN".getBytes(StandardCharsets.US_ASCII)).putInt(version).putInt(length).put(body);
            return b.array();
        }

        private static ByteBuffer le() {
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(u32(b.length), b);
    }

    private static byte[] mountPayload(String dest) {
        return cat(str("tmpfs"), str(dest), str("tmpfs"), u64(0), u64(0), u64(0), u64(0), str(""));
    }

    private static void assertRejected(byte[] plan, String reasonPart) {
        PlanDump.Result r = PlanDump.run(plan);
        assertEquals(2, r.exit(), () -> "accepted or crashed: exit " + r.exit() + ", out " + r.out());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: ") && r.err().endsWith("\n")
                        && r.err().indexOf('\n') == r.err().length() - 1,
                () -> "not one error line: " + r.err());
        assertTrue(r.err().contains(reasonPart), () -> "expected '" + reasonPart + "' in " + r.err());
    }

    @Test
    void validBaselineIsAccepted() {
        byte[] ok = new Raw().op(PlanOp.ROOTFS, str("/r")).op(PlanOp.MOUNT, mountPayload("/tmp")).build();
        assertEquals(0, PlanDump.run(ok).exit());
    }

    @Test
    void headerProblems() {
        assertRejected(new byte[0], "truncated header");
        assertRejected(Arrays.copyOf(new Raw().build(), 10), "truncated header");
        byte[] magic = new Raw().build();
        magic[7] = 'X';
        assertRejected(magic, "bad magic");
        assertRejected(Raw.header(2, 0, new byte[0]), "unsupported version 2");
        assertRejected(Raw.header(0, 0, new byte[0]), "unsupported version 0");
        assertRejected(Raw.header(1, 100, new byte[0]), "truncated plan");
        assertRejected(Raw.header(1, -1, new byte[0]), "over the limit");
        assertRejected(Raw.header(1, PlanLimits.MAX_PLAN - 15, new byte[0]), "over the limit");
        assertRejected(Raw.header(1, 0, new byte[] {1}), "trailing data");
    }

    @Test
    void opFramingProblems() {
        byte[] full = new Raw().op(PlanOp.ROOTFS, str("/r")).build();
        for (int cut = 17; cut < full.length; cut++) {
            byte[] t = Arrays.copyOf(full, cut);
            // Keep the header consistent with the cut, so only the op itself is short.
            System.arraycopy(u32(cut - 16), 0, t, 12, 4);
            assertRejected(t, "op");
        }
        assertRejected(new Raw().opWithLength(PlanOp.ROOTFS, 0, 1000, str("/r")).build(), "runs past the end");
        assertRejected(new Raw().opWithLength(PlanOp.ROOTFS, 0, -1, str("/r")).build(), "runs past the end");
        assertRejected(new Raw().opWithLength(PlanOp.ROOTFS, 7, 6, str("/r")).build(), "reserved");
        assertRejected(new Raw().op(PlanOp.ROOTFS, cat(str("/r"), new byte[] {0})).build(), "not consumed");
        assertRejected(new Raw().op(PlanOp.NO_PIVOT, new byte[] {0}).build(), "not consumed");
        assertRejected(new Raw().op(PlanOp.RLIMIT, u32(1)).build(), "truncated");
    }

    @Test
    void unknownOps() {
        assertRejected(new Raw().op(0, new byte[0]).build(), "unknown op 0");
        assertRejected(new Raw().op(27, new byte[0]).build(), "unknown op 27");
        assertRejected(new Raw().op(35, new byte[0]).build(), "unknown op 35");
        assertRejected(new Raw().op(37, new byte[0]).build(), "unknown op 37");
        assertRejected(new Raw().op(0xFFFF, new byte[0]).build(), "unknown op 65535");
    }

    @Test
    void stringProblems() {
        // A string length pointing past its op, though the op fits the plan.
        assertRejected(new Raw().op(PlanOp.ROOTFS, cat(u32(50), "/r".getBytes(StandardCharsets.US_ASCII))).build(),
                "runs past the end");
        assertRejected(new Raw().op(PlanOp.ROOTFS, u32(0xFFFFFFFF)).build(), "over the limit");
        assertRejected(new Raw().op(PlanOp.ROOTFS, str("/" + "a".repeat(PlanLimits.MAX_PATH))).build(),
                "over the limit");
        assertRejected(new Raw().op(PlanOp.ARG, str("a".repeat(PlanLimits.MAX_STRING + 1))).build(),
                "over the limit");
        assertRejected(new Raw().op(PlanOp.ARG, str("a\0b")).build(), "NUL");
        assertRejected(new Raw().op(PlanOp.MOUNT, cat(str("tmpfs"), str("/x\0"), str("tmpfs"), u64(0), u64(0),
                u64(0), u64(0), str(""))).build(), "NUL");
    }

    @Test
    void tooManyOfAKind() {
        Raw mounts = new Raw();
        for (int i = 0; i <= PlanLimits.MAX_LIST; i++) {
            mounts.op(PlanOp.MOUNT, mountPayload("/m"));
        }
        assertRejected(mounts.build(), "too many mounts");
        Raw masked = new Raw();
        for (int i = 0; i <= PlanLimits.MAX_LIST; i++) {
            masked.op(PlanOp.MASKED_PATH, str("/m"));
        }
        assertRejected(masked.build(), "too many masked paths");
        Raw rl = new Raw();
        for (int i = 0; i <= PlanLimits.MAX_RLIMITS; i++) {
            rl.op(PlanOp.RLIMIT, cat(u32(i), u64(1), u64(1)));
        }
        assertRejected(rl.build(), "too many rlimits");
        Raw env = new Raw();
        for (int i = 0; i <= PlanLimits.MAX_ENV; i++) {
            env.op(PlanOp.ENV, str(""));
        }
        assertRejected(env.build(), "too many env entries");
        assertRejected(new Raw().op(PlanOp.USER, cat(u32(0), u32(0), u32(0), u32(PlanLimits.MAX_GIDS + 1))).build(),
                "too many additional gids");
        assertRejected(new Raw().op(PlanOp.USER, cat(u32(0), u32(0), u32(0), u32(1000))).build(),
                "run past the end");
    }

    @Test
    void namespaceProblems() {
        Raw twice = new Raw().op(PlanOp.NAMESPACE, cat(u32(1), str(""))).op(PlanOp.NAMESPACE, cat(u32(1), str("")));
        assertRejected(twice.build(), "given twice");
        assertRejected(new Raw().op(PlanOp.NAMESPACE, cat(u32(9), str(""))).build(), "unknown namespace type 9");
        assertRejected(new Raw().op(PlanOp.NAMESPACE, cat(u32(0), str(""))).build(), "unknown namespace type 0");
        Raw nine = new Raw();
        for (int t = 1; t <= 8; t++) {
            nine.op(PlanOp.NAMESPACE, cat(u32(t), str("")));
        }
        assertRejected(nine.op(PlanOp.NAMESPACE, cat(u32(1), str(""))).build(), "too many namespaces");
    }

    @Test
    void badFieldValues() {
        assertRejected(new Raw().op(PlanOp.ROOTFS, str("/a")).op(PlanOp.ROOTFS, str("/b")).build(), "duplicate ROOTFS");
        assertRejected(new Raw().op(PlanOp.NO_PIVOT, new byte[0]).op(PlanOp.NO_PIVOT, new byte[0]).build(),
                "duplicate NO_PIVOT");
        byte[] dev = cat(str("/dev/x"), u32('x'), u32(1), u32(3), u32(0666), u32(0), u32(0), u32(0));
        assertRejected(new Raw().op(PlanOp.DEVICE, dev).build(), "bad type");
        byte[] mode = cat(str("/dev/x"), u32('c'), u32(1), u32(3), u32(0100666), u32(0), u32(0), u32(0));
        assertRejected(new Raw().op(PlanOp.DEVICE, mode).build(), "permission bits");
        byte[] bind = cat(str("/dev/x"), u32('c'), u32(1), u32(3), u32(0666), u32(0), u32(0), u32(2));
        assertRejected(new Raw().op(PlanOp.DEVICE, bind).build(), "bind");
        assertRejected(new Raw().op(PlanOp.USER, cat(u32(0), u32(0), u32(01000), u32(0))).build(), "umask");
        assertRejected(new Raw().op(PlanOp.JOIN_PID, cat(u32(0), u32(0), u32(0))).build(), "bad pid 0");
        assertRejected(new Raw().op(PlanOp.JOIN_PID, cat(u32(-1), u32(0), u32(0))).build(), "bad pid");
        assertRejected(new Raw().op(PlanOp.JOIN_PID, cat(u32(1), u32(0))).build(), "truncated");
    }

    @Test
    void seccompProblems() {
        byte[] insn = new byte[PlanLimits.SECCOMP_INSN_BYTES];
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0), u32(0))).build(), "seccomp program of 0 bytes");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0), u32(7), new byte[7])).build(), "seccomp program of 7");
        int over = (PlanLimits.MAX_SECCOMP_INSNS + 1) * PlanLimits.SECCOMP_INSN_BYTES;
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0), u32(over), new byte[over])).build(), "at most");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0), u32(16), insn)).build(), "runs past the end");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(1), u32(8), insn)).build(), "unknown seccomp flags");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0x10), u32(8), insn)).build(), "unknown seccomp flags");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(SeccompFilterFlags.WAIT_KILLABLE_RECV), u32(8), insn))
                .build(), "WAIT_KILLABLE_RECV without NEW_LISTENER");
        assertRejected(new Raw().op(PlanOp.SECCOMP, cat(u32(0), u32(8), insn))
                .op(PlanOp.SECCOMP, cat(u32(0), u32(8), insn)).build(), "duplicate SECCOMP");
        InitPlanWriter w = new InitPlanWriter();
        assertThrows(IllegalArgumentException.class, () -> w.seccomp(0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> w.seccomp(0, new byte[12]));
        assertThrows(IllegalArgumentException.class, () -> w.seccomp(0, new byte[over]));
        assertThrows(IllegalArgumentException.class, () -> w.seccomp(1, insn));
        assertThrows(IllegalArgumentException.class, () -> w.seccomp(SeccompFilterFlags.WAIT_KILLABLE_RECV, insn));
    }

    @Test
    void confinementOpProblems() {
        assertRejected(new Raw().op(34, new byte[0]).build(), "unknown op 34");
        assertRejected(new Raw().op(PlanOp.IO_PRIORITY, cat(u32(8), u32(0))).build(), "out of range");
        assertRejected(new Raw().op(PlanOp.IO_PRIORITY, cat(u32(2), u32(0x2000))).build(), "out of range");
        assertRejected(new Raw().op(PlanOp.PERSONALITY, u32(0xFFFFFFFF)).build(), "query");
        assertRejected(new Raw().op(PlanOp.PERSONALITY, u32(8)).op(PlanOp.PERSONALITY, u32(8)).build(),
                "duplicate PERSONALITY");
        assertRejected(new Raw().op(PlanOp.MEMORY_POLICY, cat(u32(2), u32(0), u32(PlanLimits.MAX_NODE_WORDS + 1)))
                .build(), "over the limit");
        assertRejected(new Raw().op(PlanOp.MEMORY_POLICY, cat(u32(2), u32(0), u32(2), u64(1))).build(),
                "run past the end");
        assertRejected(new Raw().op(PlanOp.CPU_AFFINITY, cat(u32(0), u32(0xFFFFFFFF))).build(), "over the limit");
        assertRejected(new Raw().op(PlanOp.CPU_AFFINITY, cat(u32(1), u64(1))).build(), "truncated");
        assertRejected(new Raw().op(PlanOp.SESSION_KEYRING, cat(str(""), u32(0), u32(0))).build(), "empty keyring");
        assertRejected(new Raw().op(PlanOp.SESSION_KEYRING, cat(str("_ses.a"), u32(0))).build(), "truncated");
        assertRejected(new Raw().op(PlanOp.EXEC_LABEL, cat(u32(3), str("x"))).build(), "unknown lsm 3");
        assertRejected(new Raw().op(PlanOp.EXEC_LABEL, cat(u32(1), str("a"))).op(PlanOp.EXEC_LABEL, cat(u32(1), str("b")))
                .build(), "a second label for lsm 1");
        assertRejected(new Raw().op(PlanOp.EXEC_LABEL, cat(u32(2), str(""))).build(), "empty label");
        assertRejected(new Raw().op(PlanOp.SCHEDULER, cat(u32(0), u32(0), u32(0), u64(0), u64(0), u64(0))).build(),
                "truncated");
        assertRejected(new Raw().op(PlanOp.SCHEDULER, cat(u32(0), u32(0), u32(0), u64(0), u64(0), u64(0), u64(0),
                u32(0))).build(), "not consumed");
    }

    @Test
    void hookOpProblems() {
        byte[] noLists = cat(u32(0), u32(0));
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(0), u32(0), str("/h"), noLists)).build(), "unknown hook kind 0");
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(7), u32(0), str("/h"), noLists)).build(), "unknown hook kind 7");
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(1), u32(0), str("h"), noLists)).build(), "not absolute");
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(1), u32(0), str("/h"), u32(PlanLimits.MAX_LIST + 1)))
                .build(), "over the limit");
        // A count the payload cannot hold is refused before anything is allocated for it.
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(1), u32(0), str("/h"), u32(1000), str("a"))).build(),
                "run past the end");
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(1), u32(0), str("/h"), u32(1), str("a"), u32(2), str("E=1")))
                .build(), "hook env");
        assertRejected(new Raw().op(PlanOp.HOOK, cat(u32(1), u32(0), str("/h"), noLists, u32(0))).build(),
                "not consumed");
        assertRejected(new Raw().op(PlanOp.HOOK_STATE, cat(str("{"), str("}"))).op(PlanOp.HOOK_STATE,
                cat(str("{"), str("}"))).build(), "duplicate HOOK_STATE");
        assertRejected(new Raw().op(PlanOp.HOOK_STATE, cat(u32(PlanLimits.MAX_HOOK_STATE + 1))).build(),
                "over the limit");
        assertRejected(new Raw().op(PlanOp.HOOK_SYNC, new byte[] {0}).build(), "not consumed");
        assertRejected(new Raw().op(PlanOp.HOOK_SYNC, new byte[0]).op(PlanOp.HOOK_SYNC, new byte[0]).build(),
                "duplicate HOOK_SYNC");
        assertRejected(new Raw().op(PlanOp.MAX + 1, new byte[0]).build(), "unknown op " + (PlanOp.MAX + 1));
    }

    @Test
    void timeOffsetAndIdmapProblems() {
        byte[] offsets = cat(u64(1), u32(0), u64(2), u32(0));
        assertRejected(new Raw().op(PlanOp.TIME_OFFSETS, offsets).op(PlanOp.TIME_OFFSETS, offsets).build(),
                "duplicate TIME_OFFSETS");
        assertRejected(new Raw().op(PlanOp.TIME_OFFSETS, cat(u64(1), u32(1_000_000_000), u64(2), u32(0))).build(),
                "nanoseconds");
        assertRejected(new Raw().op(PlanOp.TIME_OFFSETS, cat(u64(1), u32(0), u64(2))).build(), "truncated");
        byte[] bind = cat(str("/s"), str("/d"), str(""), u64(MountFlags.MS_BIND), u64(0), u64(0), u64(0), str(""));
        byte[] idmap = cat(u32(0), str("0 1000 1\n"), str("0 1000 1\n"));
        assertRejected(new Raw().op(PlanOp.MOUNT_IDMAP, idmap).build(), "not right after a MOUNT");
        assertRejected(new Raw().op(PlanOp.ROOTFS, str("/r")).op(PlanOp.MOUNT_IDMAP, idmap).build(),
                "not right after a MOUNT");
        assertRejected(new Raw().op(PlanOp.MOUNT, bind).op(PlanOp.MOUNT_IDMAP, idmap).op(PlanOp.MOUNT_IDMAP, idmap)
                .build(), "not right after a MOUNT");
        assertRejected(new Raw().op(PlanOp.MOUNT, mountPayload("/m")).op(PlanOp.MOUNT_IDMAP, idmap).build(),
                "not a bind mount");
        assertRejected(new Raw().op(PlanOp.MOUNT, bind).op(PlanOp.MOUNT_IDMAP,
                cat(u32(2), str("0 1000 1\n"), str("0 1000 1\n"))).build(), "recursive is 2");
        for (String bad : new String[] {"", "0 1000\n", "0 1000 1", "0 a 1\n", "0  1000 1\n", "-1 0 1\n"}) {
            assertRejected(new Raw().op(PlanOp.MOUNT, bind).op(PlanOp.MOUNT_IDMAP,
                    cat(u32(0), str(bad), str("0 1000 1\n"))).build(), "uid map");
        }
        String tooMany = "1 1 1\n".repeat(PlanLimits.MAX_ID_MAP_LINES + 1);
        assertRejected(new Raw().op(PlanOp.MOUNT, bind).op(PlanOp.MOUNT_IDMAP,
                cat(u32(0), str("0 1000 1\n"), str(tooMany))).build(), "more than 340 lines");
        assertRejected(new Raw().op(PlanOp.MOUNT, bind).op(PlanOp.MOUNT_IDMAP,
                cat(u32(0), str("0 1000 1\n"), str("1".repeat(PlanLimits.MAX_ID_MAP + 1)))).build(), "over the limit");
        InitPlanWriter w = new InitPlanWriter();
        assertThrows(IllegalStateException.class, () -> w.mountIdmap(false, "0 0 1\n", "0 0 1\n"));
        w.mount(new PlanRecords.Mount("/s", "/d", "", MountFlags.MS_BIND, 0, 0, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> w.mountIdmap(false, "0 0\n", "0 0 1\n"));
        assertThrows(IllegalArgumentException.class, () -> w.mountIdmap(false, "0 0 1\n", tooMany));
        assertThrows(IllegalArgumentException.class, () -> w.timeOffsets(0, 1_000_000_000, 0, 0));
    }

    @Test
    void writerRefusesWhatTheReaderWouldRefuse() {
        InitPlanWriter w = new InitPlanWriter();
        assertThrows(IllegalArgumentException.class, () -> w.arg("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> w.cwd("/" + "a".repeat(PlanLimits.MAX_PATH)));
        assertThrows(IllegalArgumentException.class,
                () -> w.device(new PlanRecords.Device("/d", 'x', 0, 0, 0, 0, 0, false)));
        assertThrows(IllegalArgumentException.class, () -> w.user(0, 0, 01000));
        assertThrows(IllegalArgumentException.class, () -> w.ioPriority(8, 0));
        assertThrows(IllegalArgumentException.class, () -> w.personality(-1));
        assertThrows(IllegalArgumentException.class,
                () -> w.memoryPolicy(new PlanRecords.MemoryPolicy(2, 0, new long[PlanLimits.MAX_NODE_WORDS + 1])));
        assertThrows(IllegalArgumentException.class,
                () -> w.cpuAffinity(new long[0], new long[PlanLimits.MAX_CPU_WORDS + 1]));
        assertThrows(IllegalArgumentException.class,
                () -> w.sessionKeyring(new PlanRecords.SessionKeyring("", 0, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> w.hook(new PlanRecords.Hook(7, 0, "/h", java.util.List.of(), java.util.List.of())));
        assertThrows(IllegalArgumentException.class,
                () -> w.hook(new PlanRecords.Hook(1, 0, "h", java.util.List.of(), java.util.List.of())));
        assertThrows(IllegalArgumentException.class, () -> w.hook(new PlanRecords.Hook(1, 0, "/h",
                java.util.Collections.nCopies(PlanLimits.MAX_LIST + 1, "a"), java.util.List.of())));
        w.rootfs("/r");
        assertThrows(IllegalStateException.class, () -> w.rootfs("/r"));
        w.namespace(NamespaceType.PID, "");
        assertThrows(IllegalArgumentException.class, () -> w.namespace(NamespaceType.PID, ""));
        for (int i = 0; i < PlanLimits.MAX_RLIMITS; i++) {
            w.rlimit(i, 0, 0);
        }
        assertThrows(IllegalStateException.class, () -> w.rlimit(0, 0, 0));
        // Refused ops leave nothing behind: the plan still reads back.
        assertEquals(0, PlanDump.run(w.build()).exit());
    }
}
