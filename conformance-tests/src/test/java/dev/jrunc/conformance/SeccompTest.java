package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code linux.seccomp}: each filter is observed from inside the container. */
class SeccompTest extends ConformanceTest {

    /** A bundle with a writable tmpfs at /tmp and the given default action. */
    private Bundle withFilter(String defaultAction, String script) {
        Bundle b = newBundle().sh(script).mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");
        b.linux().putObject("seccomp").put("defaultAction", defaultAction).putArray("syscalls");
        return b;
    }

    private static ObjectNode seccomp(Bundle b) {
        return (ObjectNode) b.linux().get("seccomp");
    }

    private static ObjectNode rule(Bundle b, String action, String... names) {
        ObjectNode r = ((ArrayNode) seccomp(b).get("syscalls")).addObject().put("action", action);
        ArrayNode n = r.putArray("names");
        for (String s : names) {
            n.add(s);
        }
        return r;
    }

    private static void arg(ObjectNode rule, int index, long value, String op) {
        ArrayNode a = rule.has("args") ? (ArrayNode) rule.get("args") : rule.putArray("args");
        a.addObject().put("index", index).put("value", value).put("op", op);
    }

    @Test
    void errnoActionDeniesTheSyscall() {
        String script = "mkdir /tmp/x; echo rc=$?; test -d /tmp/x && echo made || echo absent";
        Bundle without = withFilter("SCMP_ACT_ALLOW", script);
        assertEquals("rc=0\nmade\n", output(without), "control: mkdir works without a rule");

        Bundle b = withFilter("SCMP_ACT_ALLOW", script);
        rule(b, "SCMP_ACT_ERRNO", "mkdir", "mkdirat");
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("rc=1\nabsent\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("Operation not permitted"), r.describe());
    }

    @Test
    void aRepeatedFilterComesFromTheCacheAndStillApplies() throws java.io.IOException {
        String script = "mkdir /tmp/x; echo rc=$?";
        for (int i = 0; i < 2; i++) {
            Bundle b = withFilter("SCMP_ACT_ALLOW", script);
            rule(b, "SCMP_ACT_ERRNO", "mkdir", "mkdirat");
            Result r = runForeground(b, newId());
            assertEquals("rc=1\n", r.stdout(), "run " + i + "\n" + r.describe());
        }
        java.nio.file.Path cache = rt.root().resolve("@seccomp");
        try (var entries = java.nio.file.Files.list(cache)) {
            assertEquals(1, entries.filter(p -> p.toString().endsWith(".bpf")).count(), "one entry for one filter");
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(cache)));
        Result list = rt.exec("list");
        assertEquals(0, list.exit(), list.describe());
        assertEquals("", list.stderr(), "the cache is not a container\n" + list.describe());
    }

    @Test
    void errnoRetIsTheReturnedErrno() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "mkdir /tmp/x; echo rc=$?");
        rule(b, "SCMP_ACT_ERRNO", "mkdir", "mkdirat").put("errnoRet", 38);
        Result r = runForeground(b, newId());
        assertEquals("rc=1\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("Function not implemented"), "ENOSYS expected\n" + r.describe());
    }

    @Test
    void defaultErrnoRetAppliesToTheDefaultAction() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "mkdir /tmp/x; echo rc=$?");
        ObjectNode s = seccomp(b);
        s.put("defaultAction", "SCMP_ACT_ERRNO").put("defaultErrnoRet", 13);
        // Everything else allowed, mkdir falls to the default: EACCES.
        ObjectNode allow = rule(b, "SCMP_ACT_ALLOW");
        ArrayNode names = (ArrayNode) allow.get("names");
        DockerLikeProfile.ALLOWED.stream().filter(n -> !n.startsWith("mkdir")).forEach(names::add);
        names.add("clone");
        Result r = runForeground(b, newId());
        assertEquals("rc=1\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("Permission denied"), "EACCES expected\n" + r.describe());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP"})
    void killingActionsEndTheProcessWithSigsys(String action) {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "");
        b.args("mkdir", "/tmp/x");
        rule(b, action, "mkdir", "mkdirat");
        Result r = runForeground(b, newId());
        assertEquals(128 + 31, r.exit(), "killed by SIGSYS\n" + r.describe());
    }

    @Test
    void logActionLetsTheSyscallThrough() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "mkdir /tmp/x && echo made");
        rule(b, "SCMP_ACT_LOG", "mkdir", "mkdirat");
        seccomp(b).putArray("flags").add("SECCOMP_FILTER_FLAG_LOG").add("SECCOMP_FILTER_FLAG_TSYNC");
        assertEquals("made\n", output(b));
    }

    /**
     * Runs {@code mkdir /tmp/x} under a busybox whose name is unique (the kernel log names the
     * task by it) with one rule on mkdir; returns the kernel log lines about that task.
     */
    private List<String> kernelLogOf(String action, boolean logFlag) {
        String id = newId();
        String comm = "busybox" + id.substring(id.length() - 8);
        Bundle b = withFilter("SCMP_ACT_ALLOW", "");
        try {
            Files.createSymbolicLink(b.rootfs().resolve("bin").resolve(comm), Path.of("busybox"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        b.args(comm, "mkdir", "/tmp/x");
        rule(b, action, "mkdir", "mkdirat");
        if (logFlag) {
            seccomp(b).putArray("flags").add("SECCOMP_FILTER_FLAG_LOG");
        }
        runForeground(b, id);
        var dmesg = Host.command(List.of("dmesg"));
        assertEquals(0, dmesg.getKey(), dmesg.getValue());
        return dmesg.getValue().lines().filter(l -> l.contains("comm=\"" + comm + "\"")).toList();
    }

    @Test
    void logActionAndTheLogFlagReachTheKernelLog() {
        String logged = Host.readFile(Path.of("/proc/sys/kernel/seccomp/actions_logged"));
        Assumptions.assumeTrue(logged.contains("log") && logged.contains("errno"),
                "kernel.seccomp.actions_logged lacks log or errno: " + logged);
        List<String> log = kernelLogOf("SCMP_ACT_LOG", false);
        assertTrue(log.stream().anyMatch(l -> l.contains("code=0x7ffc0000")), "LOG is always logged: " + log);
        // The kernel logs the action without its data (the errno).
        List<String> errnoFlagged = kernelLogOf("SCMP_ACT_ERRNO", true);
        assertTrue(errnoFlagged.stream().anyMatch(l -> l.contains("code=0x50000")),
                "ERRNO with SECCOMP_FILTER_FLAG_LOG is logged: " + errnoFlagged);
        assertEquals(List.of(), kernelLogOf("SCMP_ACT_ERRNO", false), "ERRNO without the flag is not logged");
    }

    @Test
    void argumentComparisonsSelectTheCalls() {
        // kill(pid, 0) is denied only for pid 1; the other pid, and other signals to pid 1, pass.
        Bundle b = withFilter("SCMP_ACT_ALLOW", "sleep 100 & p=$!; "
                + "kill -0 1; echo self0=$?; kill -0 $p; echo other0=$?; kill -s CONT 1; echo selfcont=$?; "
                + "kill -s TERM $p; wait $p; true");
        ObjectNode r = rule(b, "SCMP_ACT_ERRNO", "kill");
        arg(r, 0, 1, "SCMP_CMP_EQ");
        arg(r, 1, 0, "SCMP_CMP_EQ");
        assertEquals("self0=1\nother0=0\nselfcont=0\n", output(b));
    }

    @Test
    void operatorsOnOneArgumentAreEachARule() {
        // Index 1 twice: runc's rule makes two rules, so either comparison denies.
        Bundle b = withFilter("SCMP_ACT_ALLOW", "kill -0 1; echo sig0=$?; kill -s CONT 1; echo cont=$?; "
                + "kill -s WINCH 1; echo winch=$?");
        ObjectNode r = rule(b, "SCMP_ACT_ERRNO", "kill");
        arg(r, 1, 0, "SCMP_CMP_EQ");
        arg(r, 1, 28, "SCMP_CMP_GE");  // SIGWINCH is 28, SIGCONT 18
        assertEquals("sig0=1\ncont=0\nwinch=1\n", output(b));
    }

    @Test
    void withoutNoNewPrivilegesTheFilterIsLoadedBeforeTheUserSwitch() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status; id -u; "
                + "mkdir /tmp/x; echo rc=$?");
        b.process().put("noNewPrivileges", false);
        b.process().putObject("user").put("uid", 1000).put("gid", 1000);
        rule(b, "SCMP_ACT_ERRNO", "mkdir", "mkdirat");
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        List<String> out = r.stdout().lines().map(l -> l.replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("NoNewPrivs: 0", "Seccomp: 2", "1000", "rc=1"), out, r.describe());
        assertTrue(r.stderr().contains("Operation not permitted"), r.describe());
    }

    @Test
    void aFilterDenyingGetcwdStillStartsWithoutNoNewPrivileges() {
        // runtime-tools' linux_seccomp: the filter is on before jrunc-init's own cwd check
        // would have run, so the check happens before the filter is loaded.
        Bundle b = withFilter("SCMP_ACT_ALLOW", "echo started");
        b.process().put("noNewPrivileges", false);
        rule(b, "SCMP_ACT_ERRNO", "getcwd");
        assertEquals("started\n", output(b));
    }

    @ParameterizedTest(name = "noNewPrivileges={0}")
    @ValueSource(booleans = {true, false})
    void aFilterDenyingCloseRangeStillLeavesNoFdOfOursInTheContainer(boolean noNewPrivileges) {
        // runtime-tools' default profile does not allow close_range: jrunc-init marks its fds
        // close-on-exec before such a filter goes on, and execve closes them.
        String script = "ls /proc/self/fd | tr '\\n' ' '";
        Bundle control = withFilter("SCMP_ACT_ALLOW", script);
        control.process().put("noNewPrivileges", noNewPrivileges);
        String expected = output(control);
        Bundle b = withFilter("SCMP_ACT_ALLOW", script);
        b.process().put("noNewPrivileges", noNewPrivileges);
        rule(b, "SCMP_ACT_ERRNO", "close_range");
        assertEquals(expected, output(b));
        assertEquals("0 1 2 3 ", expected, "stdio and ls's own directory fd only");
    }

    @Test
    void aDockerLikeProfileStillRunsAShell() {
        Bundle b = newBundle().sh("echo hello; ls / > /dev/null && echo listed; id -u; "
                + "grep '^Seccomp:' /proc/self/status; mkdir /tmp/x && echo made")
                .mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev");
        b.linux().set("seccomp", DockerLikeProfile.json());
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("hello", "listed", "0", "Seccomp: 2", "made"),
                r.stdout().lines().map(l -> l.replaceAll("\\s+", " ")).toList(), r.describe());
    }

    /** Calls each syscall number of argv with harmless arguments; prints "nr=ok" or "nr=errno". */
    private static final String PROBE = String.join("\n",
            "#include <errno.h>",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <unistd.h>",
            "int main(int argc, char **argv) {",
            "    for (int i = 1; i < argc; i++) {",
            "        long nr = strtol(argv[i], NULL, 10);",
            "        long r = syscall(nr, -1L, 0L, 0L, 0L, 0L, 0L);",
            "        if (r < 0) printf(\"%ld=%d\\n\", nr, errno); else printf(\"%ld=ok\\n\", nr);",
            "    }",
            "    return 0;",
            "}",
            "");

    /** The probe, compiled static into the bundle's /bin (the container has no libc). */
    private void addProbe(Bundle b) throws Exception {
        Path src = testDir.resolve("probe.c");
        Files.writeString(src, PROBE);
        var cc = Host.command(List.of("cc", "-static", "-O2", "-o", b.rootfs().resolve("bin/probe").toString(),
                src.toString()));
        assertEquals(0, cc.getKey(), "compile the probe: " + cc.getValue());
    }

    /**
     * runc's ENOSYS prologue: with a default of ERRNO(EPERM), a syscall newer than every one
     * the profile names (here getrandom, 318 on x86_64) fails with ENOSYS, so that libc falls
     * back (clone3 → clone); an older one that is not allowed keeps the default, EPERM.
     * Without "architectures" runc adds no prologue, and neither does jrunc.
     */
    @Test
    void syscallsNewerThanTheProfileGetEnosys() throws Exception {
        Assumptions.assumeTrue("amd64".equals(System.getProperty("os.arch")), "syscall numbers are x86_64's");
        List<String> allowed = List.of("execve", "brk", "mmap", "munmap", "mprotect", "arch_prctl", "set_tid_address",
                "set_robust_list", "prlimit64", "readlink", "readlinkat", "uname", "newfstatat", "fstat", "write",
                "exit", "exit_group", "getrandom");
        // getppid (110): older, denied; getrandom (318): allowed, so the kernel's EFAULT for
        // the bad buffer (14); clone3 (435), 1000: newer.
        String[] probe = {"/bin/probe", "110", "318", "435", "1000"};
        Bundle b = withFilter("SCMP_ACT_ERRNO", "");
        addProbe(b);
        b.args(probe);
        seccomp(b).putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32");
        rule(b, "SCMP_ACT_ALLOW", allowed.toArray(String[]::new));
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("110=1", "318=14", "435=38", "1000=38"), r.stdout().lines().toList(), r.describe());

        Bundle noArchs = withFilter("SCMP_ACT_ERRNO", "");
        addProbe(noArchs);
        noArchs.args(probe);
        rule(noArchs, "SCMP_ACT_ALLOW", allowed.toArray(String[]::new));
        Result plain = runForeground(noArchs, newId());
        assertEquals(0, plain.exit(), plain.describe());
        assertEquals(List.of("110=1", "318=14", "435=1", "1000=1"), plain.stdout().lines().toList(), plain.describe());
    }

    /**
     * A seccomp agent for the test: takes the one connection jrunc makes, keeps the state JSON
     * and the fd, answers the first notification with EXDEV, and writes what it saw to OUT.
     */
    private static final String AGENT = String.join("\n",
            "import fcntl, json, os, socket, struct, sys",
            "path, out = sys.argv[1], sys.argv[2]",
            "srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "srv.bind(path)",
            "srv.listen(1)",
            "open(out + '.ready', 'w').close()",
            "conn, _ = srv.accept()",
            "data, fds, _, _ = socket.recv_fds(conn, 65536, 4)",
            "while True:",
            "    more = conn.recv(65536)",
            "    if not more:",
            "        break",
            "    data += more",
            "link = os.readlink('/proc/self/fd/%d' % fds[0])",
            "notif = bytearray(80)",
            "fcntl.ioctl(fds[0], 0xc0502100, notif, True)",  // SECCOMP_IOCTL_NOTIF_RECV
            "nid, pid, flags, nr = struct.unpack_from('=QIIi', notif, 0)",
            "fcntl.ioctl(fds[0], 0xc0182101, bytearray(struct.pack('=QqiI', nid, 0, -18, 0)), True)",
            "with open(out + '.tmp', 'w') as f:",
            "    json.dump({'state': json.loads(data), 'fdlink': link, 'nfds': len(fds), 'nr': nr}, f)",
            "os.rename(out + '.tmp', out)",
            "");

    /** Starts {@link #AGENT} listening on SOCK, writing what it saw to OUT; returns once it listens. */
    private Process startAgent(Path sock, Path out) throws Exception {
        Path script = testDir.resolve("agent.py");
        Files.writeString(script, AGENT);
        Process agent = pythonHelper(Path.of(out + ".ready"), "the agent did not start", script.toString(),
                sock.toString(), out.toString());
        return agent;
    }

    @ParameterizedTest(name = "noNewPrivileges={0}")
    @ValueSource(booleans = {true, false})
    void notifyHandsTheFdAndTheStateToTheListener(boolean noNewPrivileges) throws Exception {
        Path sock = testDir.resolve("agent.sock");
        Path out = testDir.resolve("agent.json");
        Process agent = startAgent(sock, out);

        Bundle b = withFilter("SCMP_ACT_ALLOW", "mkdir /tmp/x; echo rc=$?");
        b.process().put("noNewPrivileges", noNewPrivileges);
        b.config().putObject("annotations").put("org.example.key", "value");
        seccomp(b).put("listenerPath", sock.toString()).put("listenerMetadata", "agent-metadata");
        rule(b, "SCMP_ACT_NOTIFY", "mkdir", "mkdirat");
        String id = newId();
        Result r = runForeground(b, id);
        assertEquals(0, r.exit(), r.describe());
        assertEquals("rc=1\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("cross-device link"), "the agent's EXDEV answer\n" + r.describe());

        assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "agent still running");
        JsonNode seen = Bundle.JSON.readTree(out.toFile());
        assertEquals(1, seen.path("nfds").asInt(), seen.toString());
        assertEquals("anon_inode:seccomp notify", seen.path("fdlink").asText(), seen.toString());
        JsonNode st = seen.path("state");
        assertEquals(List.of("seccompFd"), Bundle.JSON.convertValue(st.path("fds"), List.class), st.toString());
        assertEquals("agent-metadata", st.path("metadata").asText(), st.toString());
        assertTrue(st.path("pid").asInt() > 0, st.toString());
        assertEquals(st.path("pid").asInt(), st.path("state").path("pid").asInt(), st.toString());
        assertEquals(id, st.path("state").path("id").asText(), st.toString());
        assertEquals("creating", st.path("state").path("status").asText(), st.toString());
        assertEquals(b.dir().toString(), st.path("state").path("bundle").asText(), st.toString());
        assertEquals("value", st.path("state").path("annotations").path("org.example.key").asText(), st.toString());
        assertFalse(st.path("ociVersion").asText().isEmpty(), st.toString());
    }

    /**
     * runc's setnsProcess: an exec'd process under a notifying filter has its own notify fd
     * sent to the listener, with its pid and the container "running" with the init's pid.
     * The create's connection goes to a first agent, which is then replaced.
     */
    @ParameterizedTest(name = "noNewPrivileges={0}")
    @ValueSource(booleans = {true, false})
    void notifyHandsAnExecdProcesssFdToTheListener(boolean noNewPrivileges) throws Exception {
        Path sock = testDir.resolve("agent.sock");
        Process first = startAgent(sock, testDir.resolve("create.json"));
        Bundle b = withFilter("SCMP_ACT_ALLOW", "");
        b.args("sleep", "1000");
        b.process().put("noNewPrivileges", noNewPrivileges);
        b.config().putObject("annotations").put("org.example.key", "value");
        seccomp(b).put("listenerPath", sock.toString()).put("listenerMetadata", "exec-metadata");
        rule(b, "SCMP_ACT_NOTIFY", "mkdir", "mkdirat");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long initPid = state(id).path("pid").asLong();
        first.destroy();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS), "the create's agent ends");
        Files.delete(sock);

        Path out = testDir.resolve("exec.json");
        Process agent = startAgent(sock, out);
        Result r = rt.exec("exec", id, "sh", "-c", "mkdir /tmp/y; echo rc=$?");
        assertEquals(0, r.exit(), r.describe());
        assertEquals("rc=1\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("cross-device link"), "the agent's EXDEV answer\n" + r.describe());
        assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "agent still running");
        JsonNode seen = Bundle.JSON.readTree(out.toFile());
        assertEquals("anon_inode:seccomp notify", seen.path("fdlink").asText(), seen.toString());
        JsonNode st = seen.path("state");
        assertEquals("exec-metadata", st.path("metadata").asText(), st.toString());
        long execPid = st.path("pid").asLong();
        assertTrue(execPid > 0 && execPid != initPid, "the exec'd process's pid: " + st);
        assertEquals(initPid, st.path("state").path("pid").asLong(), "the init's pid in the state: " + st);
        assertEquals("running", st.path("state").path("status").asText(), st.toString());
        assertEquals(id, st.path("state").path("id").asText(), st.toString());
        assertEquals(b.dir().toString(), st.path("state").path("bundle").asText(), st.toString());
        assertEquals("value", st.path("state").path("annotations").path("org.example.key").asText(), st.toString());

        // Nobody listens any more: the exec fails with one line and its process never runs.
        Result refused = rt.exec("exec", id, "sh", "-c", "echo ran");
        assertEquals(255, refused.exit(), refused.describe());
        assertEquals("", refused.stdout(), "nothing ran\n" + refused.describe());
        assertEquals(1, refused.stderrLines().size(), refused.describe());
        assertTrue(refused.stderr().contains("connect to seccomp listener " + sock), refused.describe());
        List<Long> pids = new java.util.ArrayList<>();
        Bundle.JSON.readTree(rt.ok("ps", "--format", "json", id).stdout()).forEach(n -> pids.add(n.asLong()));
        assertEquals(List.of(initPid), pids, "the failed exec left no process in the container");
        rt.ok("delete", "--force", id);
    }

    /**
     * create's two exchanges with the init in one container: the hooks' HOOKS/RESUME (before
     * pivot_root) and then the notify fd (docs/init-protocol.md, section 7).
     */
    @ParameterizedTest(name = "noNewPrivileges={0}")
    @ValueSource(booleans = {true, false})
    void aListenerAndCreateHooksWorkInTheSameCreate(boolean noNewPrivileges) throws Exception {
        Path sock = testDir.resolve("agent.sock");
        Path out = testDir.resolve("agent.json");
        Process agent = startAgent(sock, out);
        Path order = testDir.resolve("order");

        Bundle b = withFilter("SCMP_ACT_ALLOW", "mkdir /tmp/x; echo rc=$?");
        b.process().put("noNewPrivileges", noNewPrivileges);
        seccomp(b).put("listenerPath", sock.toString());
        rule(b, "SCMP_ACT_NOTIFY", "mkdir", "mkdirat");
        ObjectNode hooks = b.config().putObject("hooks");
        // createContainer runs before pivot_root, so the host path is still reachable there.
        for (String kind : List.of("prestart", "createRuntime", "createContainer", "poststart")) {
            hooks.putArray(kind).addObject().put("path", "/bin/sh").put("timeout", 30)
                    .putArray("args").add("sh").add("-c").add("echo " + kind + " >> " + order);
        }
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("rc=1\n", r.stdout(), r.describe());
        assertTrue(r.stderr().contains("cross-device link"), "the agent's EXDEV answer\n" + r.describe());
        assertTrue(agent.waitFor(10, TimeUnit.SECONDS), "agent still running");
        JsonNode seen = Bundle.JSON.readTree(out.toFile());
        assertEquals("anon_inode:seccomp notify", seen.path("fdlink").asText(), seen.toString());
        assertEquals("creating", seen.path("state").path("state").path("status").asText(), seen.toString());
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "poststart"), Files.readAllLines(order));
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    @Test
    void anUnreachableListenerFailsCreateWithNothingLeft() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "true");
        seccomp(b).put("listenerPath", testDir.resolve("nobody-listens.sock").toString());
        rule(b, "SCMP_ACT_NOTIFY", "mkdir");
        b.write();
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertEquals(1, r.exit(), r.describe());
        assertEquals(1, r.stderrLines().size(), r.describe());
        assertTrue(r.stderr().contains("nobody-listens.sock"), r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(2)));
        assertFalse(rt.exec("state", id).exit() == 0);
    }

    @ParameterizedTest(name = "noNewPrivileges={0}")
    @ValueSource(booleans = {true, false})
    void execdProcessesGetTheContainersFilter(boolean noNewPrivileges) {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "");
        b.args("sleep", "1000");
        b.process().put("noNewPrivileges", noNewPrivileges);
        b.process().putObject("user").put("uid", 1000).put("gid", 1000);
        rule(b, "SCMP_ACT_ERRNO", "mkdir", "mkdirat").put("errnoRet", 38);
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        Result r = rt.exec("exec", id, "sh", "-c", "id -u; grep '^Seccomp:' /proc/self/status; mkdir /tmp/y; echo rc=$?");
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("1000", "Seccomp: 2", "rc=1"),
                r.stdout().lines().map(l -> l.replaceAll("\\s+", " ")).toList(), r.describe());
        assertTrue(r.stderr().contains("Function not implemented"), r.describe());
        rt.ok("delete", "--force", id);
    }

    @Test
    void featuresListSeccomp() throws Exception {
        JsonNode s = Bundle.JSON.readTree(rt.ok("features").stdout()).path("linux").path("seccomp");
        assertTrue(s.path("enabled").asBoolean(), s.toString());
        List<String> actions = Bundle.JSON.convertValue(s.path("actions"), List.class);
        assertEquals(List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"), actions);
        assertEquals(7, s.path("operators").size(), s.toString());
        List<String> archs = Bundle.JSON.convertValue(s.path("archs"), List.class);
        assertTrue(archs.containsAll(List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32")), s.toString());
        List<String> flags = Bundle.JSON.convertValue(s.path("supportedFlags"), List.class);
        assertTrue(flags.containsAll(List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW")), s.toString());
    }

    @Test
    void aProfileLibseccompRefusesFailsWithOneLineAndNothingLeft() {
        Bundle b = withFilter("SCMP_ACT_ALLOW", "true");
        seccomp(b).putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_S390X");
        b.write();
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertEquals(1, r.exit(), r.describe());
        assertEquals(1, r.stderrLines().size(), r.describe());
        assertTrue(r.stderr().contains("linux.seccomp.architectures[1]: SCMP_ARCH_S390X cannot be combined"),
                r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(2)));
        assertFalse(rt.exec("state", id).exit() == 0);
    }
}
