package dev.jrunc.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.core.cgroup.DeviceFilterProgram.Insn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The generated cgroup v2 device program: its instructions, and (where a cgroup2 hierarchy exists) its effect. */
class DeviceFilterProgramTest {
    private static final List<Insn> PROLOGUE = List.of(
            new Insn(0x61, 2, 1, 0, 0), new Insn(0x54, 2, 0, 0, 0xFFFF),
            new Insn(0x61, 3, 1, 0, 0), new Insn(0x74, 3, 0, 0, 16),
            new Insn(0x61, 4, 1, 4, 0), new Insn(0x61, 5, 1, 8, 0));
    private static final List<Insn> DEFAULT_ALLOW = List.of(new Insn(0xb7, 0, 0, 0, 1), new Insn(0x95, 0, 0, 0, 0));

    @Test
    void noRulesAllowsEverything() {
        assertEquals(concat(PROLOGUE, DEFAULT_ALLOW), DeviceFilterProgram.instructions(List.of()));
    }

    @Test
    void rulesAreTestedLastFirstWithJumpsPastEachBlock() {
        List<DeviceRule> rules = List.of(new DeviceRule(false, 'a', -1, -1, "rwm"),
                new DeviceRule(true, 'c', 1, 3, "rw"));
        List<Insn> expected = concat(PROLOGUE, List.of(
                // allow c 1:3 rw: type, major, minor, then requested ⊆ rw
                new Insn(0x56, 2, 0, 7, 2),
                new Insn(0x56, 4, 0, 6, 1),
                new Insn(0x56, 5, 0, 5, 3),
                new Insn(0xbc, 1, 3, 0, 0),
                new Insn(0x54, 1, 0, 0, 6),
                new Insn(0x5e, 1, 3, 2, 0),
                new Insn(0xb7, 0, 0, 0, 1),
                new Insn(0x95, 0, 0, 0, 0),
                // deny a *:* rwm matches everything: nothing may follow it
                new Insn(0xb7, 0, 0, 0, 0),
                new Insn(0x95, 0, 0, 0, 0)));
        assertEquals(expected, DeviceFilterProgram.instructions(rules));
    }

    @Test
    void denyRuleMatchesAnyOverlapOfAccess() {
        List<Insn> p = DeviceFilterProgram.instructions(List.of(new DeviceRule(false, 'b', 8, -1, "w")));
        assertEquals(concat(PROLOGUE, List.of(
                new Insn(0x56, 2, 0, 6, 1),
                new Insn(0x56, 4, 0, 5, 8),
                new Insn(0xbc, 1, 3, 0, 0),
                new Insn(0x54, 1, 0, 0, 4),
                new Insn(0x16, 1, 0, 2, 0),
                new Insn(0xb7, 0, 0, 0, 0),
                new Insn(0x95, 0, 0, 0, 0)), DEFAULT_ALLOW), p);
    }

    @Test
    void encodingIsLittleEndianWithRegistersPacked() {
        byte[] code = DeviceFilterProgram.build(List.of(new DeviceRule(true, 'c', 1, 3, "rwm")));
        assertEquals((6 + 5 + 2) * 8, code.length);
        // LDX_MEM_W r4 = *(u32 *)(r1 + 4): src r1 in the high nibble.
        assertEquals("6114040000000000", HexFormat.of().formatHex(code, 32, 40));
        // JNE32 r5, 3, +2
        assertEquals("5605020003000000", HexFormat.of().formatHex(code, 64, 72));
    }

    /** The program attached for real to a fresh directory of this host's cgroup2 hierarchy. */
    @Test
    void attachedProgramEnforcesTheRules() throws Exception {
        Path unified = Path.of("/sys/fs/cgroup/unified");
        if (!Files.exists(unified.resolve("cgroup.procs"))) {
            unified = Path.of("/sys/fs/cgroup");
        }
        Assumptions.assumeTrue(Files.exists(unified.resolve("cgroup.threads")), "no cgroup2 hierarchy on this host");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "bpf(2) needs root");
        Path dir = unified.resolve("jrunc-bpf-test-" + ProcessHandle.current().pid());
        Files.createDirectory(dir);
        try {
            CgroupManager m = CgroupManager.fromPaths(java.util.Map.of(CgroupManager.UNIFIED, dir.toString()));
            m.applyDeviceRules(List.of(new DeviceRule(false, 'a', -1, -1, "rwm"),
                    new DeviceRule(true, 'c', 1, 3, "rwm")));
            Process p = new ProcessBuilder("sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs")
                    + " && echo x > /dev/null && echo null-ok; head -c1 /dev/zero >/dev/null 2>&1 || echo zero-denied")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals("null-ok\nzero-denied\n", out);
        } finally {
            for (int i = 0; i < 100; i++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException busy) {
                    Thread.sleep(20);
                }
            }
        }
    }

    @SafeVarargs
    private static List<Insn> concat(List<Insn>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
