package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.LinuxCapabilities;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.User;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** runc's getProcess: what each exec flag does to the config's process. */
class ExecProcessTest {
    private static final List<String> CAPS = List.of("CAP_KILL");

    private static Process template(List<String> inheritable) {
        return new Process(true, null, new User(5L, 6L, 027L, List.of(10L), null), List.of("sleep", "1"), null,
                List.of("PATH=/bin", "TERM=xterm", "A=1"), "/home",
                new LinuxCapabilities(CAPS, CAPS, inheritable, CAPS, CAPS), null, true, null, 100, null, null, null,
                null);
    }

    private static ExecRequest request(List<String> args, String user, List<Long> gids, List<String> env,
                                       List<String> caps, Boolean nnp, boolean tty, String cwd) {
        return new ExecRequest("id", null, args, cwd, env, tty, user, gids, null, null, nnp, caps, 0, List.of(), false,
                false, null, null, null);
    }

    private static ExecRequest args(String... args) {
        return request(List.of(args), null, List.of(), List.of(), List.of(), null, false, null);
    }

    @Test
    void withoutFlagsTheConfigProcessRunsTheNewCommand() {
        Process p = ExecProcess.fromFlags(template(null), args("ls", "-l"));
        assertEquals(List.of("ls", "-l"), p.args());
        assertEquals("/home", p.cwd());
        assertEquals(5L, p.user().uid());
        assertEquals(6L, p.user().gid());
        assertEquals(027L, p.user().umask());
        assertEquals(List.of(10L), p.user().additionalGids());
        assertEquals(List.of("PATH=/bin", "TERM=xterm", "A=1"), p.env());
        assertEquals(Boolean.TRUE, p.noNewPrivileges());
        assertEquals(Boolean.FALSE, p.terminal(), "the config's terminal is not inherited; only --tty sets it");
        assertEquals(100, p.oomScoreAdj());
        assertEquals(CAPS, p.capabilities().effective());
    }

    @Test
    void flagsOverrideOrAppend() {
        ExecRequest r = request(List.of("id"), "1000:1001", List.of(20L, 30L), List.of("A=2", "B=3", "PATH=/x"),
                List.of(), false, true, "/tmp");
        Process p = ExecProcess.fromFlags(template(null), r);
        assertEquals(1000L, p.user().uid());
        assertEquals(1001L, p.user().gid());
        assertEquals(List.of(10L, 20L, 30L), p.user().additionalGids(), "additional gids are appended");
        assertEquals("/tmp", p.cwd());
        assertEquals(Boolean.TRUE, p.terminal());
        assertEquals(Boolean.FALSE, p.noNewPrivileges(), "--no-new-privs=false overrides the config");
        assertEquals(List.of("PATH=/x", "TERM=xterm", "A=2", "B=3"), p.env(),
                "one entry per name: first position, last value (runc 1.1)");
    }

    @Test
    void userWithoutGidKeepsTheConfigGid() {
        Process p = ExecProcess.fromFlags(template(null),
                request(List.of("id"), "77", List.of(), List.of(), List.of(), null, false, null));
        assertEquals(77L, p.user().uid());
        assertEquals(6L, p.user().gid());
        assertEquals(4294967295L, ExecProcess.withIds(new User(0L, 0L, null, null, null), "4294967295:0").uid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "root", "1:2:3", "4294967296", "99999999999", "-1", "+1", "1:", ":1", "0x10",
            "1:root", " 1", "1 ", "١"})
    void badUserIsRefusedNeverGuessed(String user) {
        JruncException e = assertThrows(JruncException.class, () -> ExecProcess.fromFlags(template(null),
                request(List.of("id"), user, List.of(), List.of(), List.of(), null, false, null)));
        assertTrue(e.getMessage().startsWith("--user: bad "), e.getMessage());
    }

    @Test
    void negativeOrHugeAdditionalGidsAreRefused() {
        assertEquals("additional-gids must be a positive number -1", assertThrows(JruncException.class,
                () -> ExecProcess.fromFlags(template(null), request(List.of("id"), null, List.of(-1L), List.of(),
                        List.of(), null, false, null))).getMessage());
        assertThrows(JruncException.class, () -> ExecProcess.fromFlags(template(null),
                request(List.of("id"), null, List.of(1L << 32), List.of(), List.of(), null, false, null)));
    }

    @Test
    void capAddsToBoundingEffectivePermittedNeverInheritable() {
        ExecRequest r = request(List.of("id"), null, List.of(), List.of(), List.of("CAP_SYS_ADMIN", "CAP_KILL"), null,
                false, null);
        LinuxCapabilities c = ExecProcess.fromFlags(template(null), r).capabilities();
        List<String> both = List.of("CAP_KILL", "CAP_SYS_ADMIN");
        assertEquals(both, c.bounding());
        assertEquals(both, c.effective());
        assertEquals(both, c.permitted());
        assertNull(c.inheritable(), "CVE-2022-29162: exec --cap gives no inheritable capability");
        assertEquals(CAPS, c.ambient(), "ambient only grows with an inheritable set in the config");

        LinuxCapabilities withInh = ExecProcess.fromFlags(template(List.of("CAP_KILL")), r).capabilities();
        assertEquals(List.of("CAP_KILL"), withInh.inheritable());
        assertEquals(both, withInh.ambient());
    }

    @Test
    void capWithoutAConfigSetStartsFromNothing() {
        Process t = new Process(null, null, null, List.of("x"), null, null, "/", null, null, null, null, null, null,
                null, null, null);
        LinuxCapabilities c = ExecProcess.fromFlags(t,
                request(List.of("id"), null, List.of(), List.of(), List.of("CAP_CHOWN"), null, false, null)).capabilities();
        assertEquals(List.of("CAP_CHOWN"), c.effective());
        assertNull(c.ambient(), "no ambient set without an inheritable one");
    }

    @Test
    void unknownCapabilityAndEmptyArgsAreRefused() {
        assertEquals("--cap: unknown capability \"CAP_NOPE\"", assertThrows(JruncException.class,
                () -> ExecProcess.fromFlags(template(null), request(List.of("id"), null, List.of(), List.of(),
                        List.of("CAP_NOPE"), null, false, null))).getMessage());
        assertEquals("args must not be empty", assertThrows(JruncException.class,
                () -> ExecProcess.fromFlags(template(null), args())).getMessage());
    }

    @Test
    void requestCopiesItsLists() {
        ExecRequest r = new ExecRequest("id", Path.of("/p.json"), List.of(), null, List.of(), false, null, List.of(),
                null, null, null, List.of(), 0, List.of("a"), true, true, null, null, null);
        assertEquals(List.of("a"), r.cgroup());
    }

    @Test
    void processFileTakesWhatItLeavesOutFromTheContainer() {
        Process file = new Process(false, null, new User(0L, 0L, null, null, null), List.of("id"), null, null, "/",
                null, null, null, null, -5, null, null, null, null);
        Process container = new Process(false, null, null, List.of("sleep"), null, null, "/",
                new LinuxCapabilities(CAPS, CAPS, null, CAPS, null),
                List.of(new dev.jrunc.core.spec.PosixRlimit("RLIMIT_NOFILE", 10L, 20L)), true, null, 300, null, null,
                null, null);
        Process p = ExecProcess.fromFile(file, container, null);
        assertEquals(CAPS, p.capabilities().effective(), "absent capabilities: the container's, never all of jrunc's");
        assertEquals(container.rlimits(), p.rlimits());
        assertEquals(300, p.oomScoreAdj(), "the oom score is the container's");
        assertNull(p.noNewPrivileges(), "noNewPrivileges is the file's (runc: false when absent)");

        Process own = new Process(false, null, null, List.of("id"), null, null, "/",
                new LinuxCapabilities(List.of(), List.of(), null, List.of(), null),
                List.of(new dev.jrunc.core.spec.PosixRlimit("RLIMIT_NOFILE", 1L, 2L)), null, null, null, null, null,
                null, null);
        Process q = ExecProcess.fromFile(own, container, null);
        assertEquals(List.of(), q.capabilities().effective(), "an empty set is the file's choice");
        assertEquals(own.rlimits(), q.rlimits());

        JruncException e = assertThrows(JruncException.class, () -> ExecProcess.fromFile(file, null, "config.json gone"));
        assertTrue(e.getMessage().startsWith("process.capabilities: "), e.getMessage());
        assertEquals(own.capabilities(), ExecProcess.fromFile(own, null, "gone").capabilities());
    }
}
