package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code exec}: a new process in a running (or created) container, observed from inside. It
 * must share every namespace and the cgroups of the init, get the container's confinement
 * with the flags' changes, pass its exit status through, and fail with runc's words (exit
 * 255) when jrunc itself fails.
 */
class ExecTest extends ConformanceTest {
    private static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts");

    /** A container running {@code sleep} with the given bundle (default: runc-spec-like). */
    private String running(Bundle b) {
        b.args("sleep", "1000").write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        awaitStatus(id, "running", Duration.ofSeconds(10));
        return id;
    }

    private String running() {
        return running(newBundle());
    }

    private long initPid(String id) {
        return state(id).get("pid").asLong();
    }

    /** {@code exec <flags...> <id> <cmd...>}, exit 0 required; the process's stdout. */
    private String execOut(String... args) {
        return rt.ok(prepend("exec", args)).stdout();
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** A failed exec: exit 255 and exactly one line on stderr holding {@code phrase}. */
    private static void assertExecFailure(Result r, String phrase) {
        assertEquals(255, r.exit(), r.describe());
        assertEquals(1, r.stderrLines().size(), "one line of error\n" + r.describe());
        assertTrue(r.stderr().contains("exec failed: "), r.describe());
        assertTrue(r.stderr().contains(phrase), "wants \"" + phrase + "\"\n" + r.describe());
    }

    // ---------------------------------------------------------------- joining

    @Test
    void joinsEveryNamespaceOfTheInit() {
        String id = running();
        String init = Long.toString(initPid(id));
        StringBuilder script = new StringBuilder();
        for (String ns : NAMESPACES) {
            script.append("readlink /proc/self/ns/").append(ns).append(";");
        }
        List<String> inside = execOut(id, "sh", "-c", script.toString()).lines().toList();
        List<String> ofInit = NAMESPACES.stream().map(ns -> Host.nsLink(init, ns)).toList();
        assertEquals(ofInit, inside, "namespaces of the exec'd process vs the init's");
        assertNotEquals(Host.nsLink("self", "mnt"), inside.get(NAMESPACES.indexOf("mnt")), "not the host's");
    }

    @Test
    void joinsAUserNamespaceFirstAndIsRootInIt() {
        Bundle b = newBundle().namespace("user", null);
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.readonlyRoot(false);
        String id = running(b);
        String init = Long.toString(initPid(id));
        List<String> out = execOut(id, "sh", "-c", "readlink /proc/self/ns/user; readlink /proc/self/ns/mnt; id -u; "
                + "grep '^Uid:' /proc/self/status").lines().toList();
        assertEquals(Host.nsLink(init, "user"), out.get(0), "user namespace");
        assertEquals(Host.nsLink(init, "mnt"), out.get(1), "mount namespace");
        assertEquals("0", out.get(2), "root inside");
        assertEquals(List.of("Uid:", "0", "0", "0", "0"), List.of(out.get(3).trim().split("\\s+")));
    }

    @Test
    void runsInTheInitsCgroups() {
        String id = running();
        long init = initPid(id);
        // Seen from inside, through the container's cgroup namespace: the init is pid 1 there.
        List<String> inside = execOut(id, "sh", "-c", "cat /proc/self/cgroup; echo ---; cat /proc/1/cgroup").lines().toList();
        int sep = inside.indexOf("---");
        assertEquals(inside.subList(sep + 1, inside.size()), inside.subList(0, sep), "same cgroups as the init");
        // From the host: a long-running exec'd process is in the init's cgroup of every hierarchy.
        Invocation inv = rt.spawn(List.of("exec", id, "sh", "-c", "echo ready; exec sleep 1000"), null);
        inv.awaitStdout("ready", Duration.ofSeconds(20));
        // Not the JVM: bin/jrunc hands off to jrunc-init exec without waiting for the JVM's
        // exit, so the JVM may still be a (dying) child of the same pid for a moment.
        long pid = ProcessHandle.of(inv.pid()).orElseThrow().children()
                .filter(c -> c.info().command().filter(cmd -> !cmd.endsWith("/java")).isPresent())
                .findFirst().orElseThrow().pid();
        assertEquals(Host.readFile(Path.of("/proc", Long.toString(init), "cgroup")),
                Host.readFile(Path.of("/proc", Long.toString(pid), "cgroup")), "host view of the exec'd process");
        rt.ok("kill", id, "KILL");
        inv.await(Duration.ofSeconds(20));
    }

    @Test
    void subCgroupWithTheCgroupFlag() throws IOException {
        String id = running();
        long init = initPid(id);
        Path pids = Host.cgroupDir(init, "pids");
        Files.createDirectory(pids.resolve("sub"));
        Path pidFile = testDir.resolve("sub.pid");
        rt.ok("exec", "-d", "--cgroup", "pids:sub", "--pid-file", pidFile.toString(), id, "sleep", "1000");
        long pid = Long.parseLong(Files.readString(pidFile));
        assertEquals(pids.resolve("sub"), Host.cgroupDir(pid, "pids"), "pids: the sub-cgroup");
        assertEquals(Host.cgroupDir(init, "memory"), Host.cgroupDir(pid, "memory"), "memory: the container's");
        assertExecFailure(rt.exec("exec", "--cgroup", "pids:nosuch", id, "true"), "does not exist");
        assertExecFailure(rt.exec("exec", "--cgroup", "../escape", id, "true"), "below the container's cgroup");
    }

    // ---------------------------------------------------------------- the process

    @Test
    void userGroupsCwdAndEnvOverlay() {
        Bundle b = newBundle();
        b.mkdirs("/work/dir");
        String id = running(b);
        List<String> out = execOut("--user", "1000:1001", "-g", "2000", "--additional-gids", "3000", "--cwd",
                "/work/dir", "-e", "FOO=x", "--env", "PATH=/bin", "-e", "FOO=y", id,
                "sh", "-c", "id -u; id -g; id -G; pwd; env").lines().toList();
        assertEquals("1000", out.get(0), "uid");
        assertEquals("1001", out.get(1), "gid");
        assertEquals(new TreeSet<>(List.of("1001", "2000", "3000")), new TreeSet<>(List.of(out.get(2).trim().split("\\s+"))));
        assertEquals("/work/dir", out.get(3), "cwd");
        List<String> env = out.subList(4, out.size());
        assertTrue(env.contains("FOO=y") && !env.contains("FOO=x"), "the last -e wins: " + env);
        assertTrue(env.contains("PATH=/bin"), "-e overrides the config's PATH: " + env);
        assertEquals(1, env.stream().filter(e -> e.startsWith("PATH=")).count(), "one PATH: " + env);
        assertTrue(env.contains("TERM=xterm"), "the config's env is kept: " + env);
    }

    @Test
    void defaultsComeFromTheConfigProcess() {
        Bundle b = newBundle();
        b.mkdirs("/home/app");
        b.process().put("cwd", "/home/app");
        b.process().putObject("user").put("uid", 1234).put("gid", 4321).put("umask", 23);
        b.process().withArray("env").add("FROM_CONFIG=1");
        String id = running(b);
        List<String> out = execOut(id, "sh", "-c", "id -u; id -g; pwd; umask; echo $FROM_CONFIG; ulimit -n").lines().toList();
        assertEquals(List.of("1234", "4321", "/home/app", "0027", "1", "1024"), out);
        assertEquals(List.of("77", "4321"), execOut("-u", "77", id, "sh", "-c", "id -u; id -g").lines().toList(),
                "--user without a gid keeps the config's gid");
    }

    @Test
    void capAddsToTheContainersCapabilitiesButNotInheritable() {
        String id = running();
        long plain = capSet(execOut(id, "grep", "^CapEff:", "/proc/self/status"));
        long expected = (1L << 29) | (1L << 5) | (1L << 10); // AUDIT_WRITE, KILL, NET_BIND_SERVICE
        assertEquals(expected, plain, "the config's effective set");
        List<String> with = execOut("--cap", "CAP_SYS_ADMIN", "-c", "CAP_NET_RAW", id,
                "grep", "-E", "^Cap(Eff|Bnd|Prm|Inh):", "/proc/self/status").lines().toList();
        long sysAdminAndRaw = (1L << 21) | (1L << 13);
        for (String line : with) {
            long set = capSet(line);
            if (line.startsWith("CapInh:")) {
                assertEquals(0, set, "exec --cap must not make inheritable capabilities (CVE-2022-29162): " + line);
            } else {
                assertEquals(expected | sysAdminAndRaw, set, line);
            }
        }
        assertExecFailure(rt.exec("exec", "--cap", "CAP_NOPE", id, "true"), "CAP_NOPE");
    }

    private static long capSet(String statusLine) {
        return Long.parseUnsignedLong(statusLine.trim().split("\\s+")[1], 16);
    }

    @Test
    void noNewPrivsOnlyWhenAsked() {
        Bundle b = newBundle();
        b.process().put("noNewPrivileges", false);
        String id = running(b);
        assertEquals("NoNewPrivs:\t0", execOut(id, "grep", "NoNewPrivs", "/proc/self/status").trim());
        assertEquals("NoNewPrivs:\t1", execOut("--no-new-privs", id, "grep", "NoNewPrivs", "/proc/self/status").trim());
        Bundle nnp = newBundle();
        String id2 = running(nnp);
        assertEquals("NoNewPrivs:\t1", execOut(id2, "grep", "NoNewPrivs", "/proc/self/status").trim(),
                "the config's noNewPrivileges applies to exec too");
    }

    @Test
    void processFileReplacesTheConfigProcess() throws IOException {
        Bundle b = newBundle();
        b.mkdirs("/srv");
        String id = running(b);
        ObjectNode p = Bundle.JSON.createObjectNode();
        p.put("terminal", false);
        p.putObject("user").put("uid", 0).put("gid", 43);
        p.putArray("args").add("sh").add("-c").add("id -u; id -g; pwd; echo $ONLY; grep CapEff /proc/self/status");
        p.putArray("env").add("PATH=/bin").add("ONLY=file");
        p.put("cwd", "/srv");
        p.putObject("capabilities").putArray("effective").add("CAP_CHOWN");
        ((ObjectNode) p.get("capabilities")).putArray("permitted").add("CAP_CHOWN");
        ((ObjectNode) p.get("capabilities")).putArray("bounding").add("CAP_CHOWN");
        Path file = testDir.resolve("process.json");
        Files.writeString(file, Bundle.JSON.writeValueAsString(p));
        List<String> out = execOut("--process", file.toString(), id).lines().toList();
        assertEquals(List.of("0", "43", "/srv", "file"), out.subList(0, 4));
        assertEquals(1L, capSet(out.get(4)), "CAP_CHOWN only: " + out.get(4));

        // Without capabilities and rlimits in the file: the container's, never all of jrunc's.
        Files.writeString(file, "{\"args\": [\"sh\", \"-c\", \"grep CapEff /proc/self/status; ulimit -n\"], \"cwd\": \"/\"}");
        List<String> fallback = execOut("-p", file.toString(), id).lines().toList();
        assertEquals((1L << 29) | (1L << 5) | (1L << 10), capSet(fallback.get(0)), "the config's capabilities: " + fallback);
        assertEquals("1024", fallback.get(1), "the config's RLIMIT_NOFILE");

        Files.writeString(file, "{\"args\": [], \"cwd\": \"/\"}");
        assertExecFailure(rt.exec("exec", "-p", file.toString(), id), "args");
        Files.writeString(file, "{\"args\": [\"true\"], \"cwd\": \"relative\"}");
        assertExecFailure(rt.exec("exec", "-p", file.toString(), id), "cwd");
    }

    /**
     * {@code execCPUAffinity} (runc 1.2, cpu_affinity.bats): {@code final} is the exec'd
     * process's affinity, from a process file or from config.json; {@code initial} is set by
     * the joining process before it enters the cgroups, whose cpuset then resets it, so it is
     * seen by its failure: a CPU that is not online fails the exec, before anything ran.
     */
    @Test
    void execCpuAffinityFinalIsTheProcesssAndInitialIsApplied() throws IOException {
        Assumptions.assumeTrue(onlineCpus() >= 2, "needs two online CPUs");
        String id = running();
        Path file = testDir.resolve("process.json");
        for (String[] c : new String[][] {{"1", "0"}, {"0", "1"}, {"0-1", "0,1"}}) {
            ObjectNode p = Bundle.JSON.createObjectNode();
            p.putArray("args").add("grep").add("Cpus_allowed_list:").add("/proc/self/status");
            p.put("cwd", "/");
            p.putObject("execCPUAffinity").put("initial", c[0]).put("final", c[1]);
            Files.writeString(file, Bundle.JSON.writeValueAsString(p));
            assertEquals("Cpus_allowed_list:\t" + c[1].replace(',', '-'), execOut("-p", file.toString(), id).trim(),
                    "final " + c[1]);
        }
        ObjectNode bad = Bundle.JSON.createObjectNode();
        bad.putArray("args").add("touch").add("/ran");
        bad.put("cwd", "/");
        String offline = Integer.toString(onlineCpus() + 64);
        bad.putObject("execCPUAffinity").put("initial", offline);
        Files.writeString(file, Bundle.JSON.writeValueAsString(bad));
        assertExecFailure(rt.exec("exec", "-p", file.toString(), id), "initial cpu affinity");
        ((ObjectNode) bad.get("execCPUAffinity")).removeAll().put("final", offline);
        Files.writeString(file, Bundle.JSON.writeValueAsString(bad));
        assertExecFailure(rt.exec("exec", "-p", file.toString(), id), "final cpu affinity");
        assertEquals(1, rt.exec("exec", id, "test", "-e", "/ran").exit(), "neither failed exec ran its process");

        Bundle b = newBundle();
        b.process().putObject("execCPUAffinity").put("initial", "0").put("final", "1");
        String fromConfig = running(b);
        assertEquals("Cpus_allowed_list:\t1", execOut(fromConfig, "grep", "Cpus_allowed_list:", "/proc/self/status").trim(),
                "config.json's execCPUAffinity applies to exec without --process");
    }

    /** Without execCPUAffinity the caller's affinity stays out of the container (runc 1.2.7/1.3.1). */
    @Test
    void execDoesNotInheritTheCallersCpuAffinity() {
        Assumptions.assumeTrue(onlineCpus() >= 2, "needs two online CPUs");
        String id = running();
        List<String> argv = new ArrayList<>(List.of("taskset", "-c", "0"));
        argv.addAll(rt.argv(List.of("exec", id, "grep", "Cpus_allowed_list:", "/proc/self/status")));
        Result r = rt.spawnRaw(argv, null).await(Runtime.TIMEOUT);
        assertEquals(0, r.exit(), r.describe());
        assertEquals("Cpus_allowed_list:\t" + Host.readFile(Path.of("/sys/devices/system/cpu/online")).trim(),
                r.stdout().trim());
    }

    private static int onlineCpus() {
        return java.lang.Runtime.getRuntime().availableProcessors();
    }

    // ---------------------------------------------------------------- exit status, detach

    @Test
    void exitStatusIsPassedThrough() {
        String id = running();
        assertEquals(7, rt.exec("exec", id, "sh", "-c", "exit 7").exit());
        assertEquals(1, rt.exec("exec", id, "false").exit());
        assertEquals(0, rt.exec("exec", id, "true").exit());
        assertEquals(128 + 9, rt.exec("exec", id, "sh", "-c", "kill -KILL $$").exit());
        assertEquals(128 + 15, rt.exec("exec", id, "sh", "-c", "kill -TERM $$").exit());
    }

    @Test
    void signalsToAForegroundExecReachTheProcess() {
        String id = running();
        Invocation inv = rt.spawn(List.of("exec", id, "sh", "-c", "trap 'echo got-usr1; exit 3' USR1; echo ready; "
                + "while true; do sleep 0.1; done"), null);
        inv.awaitStdout("ready", Duration.ofSeconds(20));
        Host.command(List.of("kill", "-USR1", Long.toString(inv.pid())));
        Result r = inv.await(Duration.ofSeconds(20));
        assertEquals(3, r.exit(), r.describe());
        assertTrue(r.stdout().contains("got-usr1"), r.describe());
    }

    @Test
    void detachedExecWritesThePidFileAndRunsInTheContainer() throws IOException {
        String id = running();
        long init = initPid(id);
        Path pidFile = testDir.resolve("exec.pid");
        Files.writeString(pidFile, "stale");
        Result r = rt.exec("exec", "--detach", "--pid-file", pidFile.toString(), id, "sleep", "1000");
        assertEquals(0, r.exit(), r.describe());
        String text = Files.readString(pidFile);
        assertTrue(text.matches("[1-9][0-9]*"), "decimal, no newline: \"" + text + "\"");
        long pid = Long.parseLong(text);
        assertTrue(Host.alive(pid), "the exec'd process runs");
        assertEquals("sleep 1000", Host.readFile(Path.of("/proc", text, "cmdline")).replace('\0', ' ').trim());
        assertEquals(Host.readFile(Path.of("/proc", Long.toString(init), "cgroup")),
                Host.readFile(Path.of("/proc", text, "cgroup")), "in the container's cgroups");
        assertEquals(Host.nsLink(Long.toString(init), "pid"), Host.nsLink(text, "pid"), "in the container's pid namespace");
        assertEquals(List.of(), rt.root().resolve(id).toFile().list() == null ? List.of()
                : List.of(rt.root().resolve(id).toFile().list()).stream().filter(f -> f.endsWith(".plan")).toList(),
                "the plan file is gone");
    }

    @Test
    void execIntoACreatedContainerWorks() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        assertEquals("hello\n", execOut(id, "echo", "hello"));
        assertEquals("created", status(id), "exec does not start the container");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void pausedContainerRefusesUnlessIgnorePaused() throws IOException {
        String id = running();
        Path freezer = Host.cgroupDir(initPid(id), "freezer").resolve("freezer.state");
        Files.writeString(freezer, "FROZEN");
        Invocation ignoring;
        try {
            awaitStatus(id, "paused", Duration.ofSeconds(10));
            assertExecFailure(rt.exec("exec", id, "true"),
                    "cannot exec in a paused container (use --ignore-paused to override)");
            ignoring = rt.spawn(List.of("exec", "--ignore-paused", id, "echo", "thawed"), null);
            Host.sleep(1500);
            assertFalse(ignoring.stderrSoFar().contains("paused"), "--ignore-paused is not refused: " + ignoring.stderrSoFar());
        } finally {
            Files.writeString(freezer, "THAWED");
        }
        Result r = ignoring.await(Duration.ofSeconds(30));
        assertEquals(0, r.exit(), r.describe());
        assertEquals("thawed\n", r.stdout());
    }

    @Test
    void stoppedContainerRefuses() {
        Bundle b = newBundle().args("true").write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        assertExecFailure(rt.exec("exec", id, "true"), "cannot exec in a stopped container");
    }

    @Test
    void unknownContainer() {
        assertExecFailure(rt.exec("exec", "jrunc-ct-nosuchcontainer", "true"), "container does not exist");
    }

    @Test
    void missingBinaryFailsTheExecItself() {
        String id = running();
        Result missing = rt.exec("exec", id, "nope-not-here");
        assertExecFailure(missing, "executable file not found in $PATH");
        assertTrue(missing.stderr().contains("nope-not-here"), missing.describe());
        assertExecFailure(rt.exec("exec", id, "/nope"), "no such file or directory");
        assertExecFailure(rt.exec("exec", id), "args");
    }

    @ParameterizedTest(name = "--user {0}")
    @ValueSource(strings = {"abc", "1:2:3", "4294967296", "-1", "1:", ":1", "0x10", "1:root"})
    void badUserIsRefused(String user) {
        String id = running();
        Result r = rt.exec("exec", "--user", user, id, "id", "-u");
        assertEquals(255, r.exit(), r.describe());
        assertEquals("", r.stdout(), "nothing ran");
        assertTrue(r.stderr().contains("--user"), r.describe());
    }

    /** Foreground {@code exec -t} works (ForegroundTerminalTest); detached it needs a console socket. */
    @Test
    void detachedTerminalNeedsAConsoleSocketAndAppArmorIsRefused() {
        String id = running();
        assertExecFailure(rt.exec("exec", "-t", "-d", id, "true"), "console socket");
        Path apparmor = Path.of("/sys/module/apparmor/parameters/enabled");
        Assumptions.assumeFalse(Files.exists(apparmor) && Host.readFile(apparmor).startsWith("Y"),
                "AppArmor is enabled here, so --apparmor is applied, not refused");
        assertExecFailure(rt.exec("exec", "--apparmor", "unconfined", id, "true"),
                "apparmor: config provided but apparmor not supported");
    }

    // ---------------------------------------------------------------- fds and terminals

    /** The caller's fd 3 with --preserve-fds 1, through a shell that opens it; fd 4 is not preserved. */
    @Test
    void preservedFdIsUsableAndOthersAreNot() throws IOException {
        String id = running();
        Path data = testDir.resolve("data.txt");
        Files.writeString(data, "preserved-content");
        String cmd = String.join(" ", quoted(rt.argv(List.of("exec", "--preserve-fds", "1", id, "sh", "-c",
                "cat /proc/self/fd/3; echo; ls /proc/$$/fd; true"))));
        Result r = rt.spawnRaw(List.of("sh", "-c", "exec 3<" + data + " 4</ ; exec " + cmd), null).await(Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.describe());
        List<String> out = r.stdout().lines().toList();
        assertEquals("preserved-content", out.get(0));
        assertEquals(new TreeSet<>(List.of("0", "1", "2", "3")), new TreeSet<>(out.subList(1, out.size())),
                "stdio and the preserved fd only");
    }

    /**
     * CVE-2016-9962 / CVE-2024-21626: the exec'd process sees no fd of the host (the caller's
     * unpreserved fds, jrunc's own), and a cwd through an fd is refused even if the caller
     * preserved a host directory there.
     */
    @Test
    void noHostFdsAndNoCwdThroughAnFd() {
        String id = running();
        String fds = String.join(" ", quoted(rt.argv(List.of("exec", id, "sh", "-c", "ls /proc/$$/fd; true"))));
        Result r = rt.spawnRaw(List.of("sh", "-c", "exec 3</ 5</tmp ; exec " + fds), null).await(Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.describe());
        assertEquals(new TreeSet<>(List.of("0", "1", "2")), new TreeSet<>(r.stdout().lines().toList()), "stdio only");

        String cwd = String.join(" ", quoted(rt.argv(List.of("exec", "--preserve-fds", "1", "--cwd", "/proc/self/fd/3", id, "pwd"))));
        Result escape = rt.spawnRaw(List.of("sh", "-c", "exec 3</ ; exec " + cwd), null).await(Duration.ofSeconds(60));
        assertExecFailure(escape, "/proc/self/fd/3");
        assertEquals("", escape.stdout(), "nothing ran");
    }

    /**
     * CVE-2019-5736: while a foreground exec runs, the jrunc process on the host (the caller's
     * pid, now jrunc-init exec supervising) runs from a sealed memfd: its /proc/PID/exe is not
     * the host binary and cannot be opened for writing; the binaries on disk stay unchanged.
     */
    @Test
    void execRunsFromASealedCopy() throws IOException {
        String id = running();
        Invocation inv = rt.spawn(List.of("exec", id, "sh", "-c", "echo ready; sleep 1000"), null);
        inv.awaitStdout("ready", Duration.ofSeconds(20));
        Path exe = Path.of("/proc", Long.toString(inv.pid()), "exe");
        String link = Files.readSymbolicLink(exe).toString();
        assertTrue(link.startsWith("/memfd:"), "the exec supervisor runs from a memfd: " + link);
        for (StandardOpenOption mode : List.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            try (FileChannel ch = FileChannel.open(exe, mode)) {
                fail("/proc/<exec>/exe could be opened for " + mode + " (" + ch + ")");
            } catch (FileSystemException e) {
                String why = String.valueOf(e.getReason());
                assertTrue(why.contains("Text file busy") || why.contains("Permission denied")
                        || why.contains("Operation not permitted"), "open for write must fail: " + e);
            }
        }
        assertEquals("0", Host.status(Long.toString(inv.pid()), "Uid:").orElseThrow().split("\\s+")[0]);
        rt.ok("kill", id, "KILL");
        Result r = inv.await(Duration.ofSeconds(20));
        assertEquals(128 + 9, r.exit(), "killed with its container\n" + r.describe());
    }

    /**
     * CVE-2016-9962: the process that joins the container, caught before it may run anything
     * (the container is frozen, so it freezes as soon as it enters the cgroup), runs from the
     * sealed memfd and holds no directory but the container's own root.
     */
    @Test
    void cve2016_9962_joiningProcessHoldsNoHostDirectory() throws IOException {
        String id = running();
        long init = initPid(id);
        Path initRoot = Path.of("/proc", Long.toString(init), "root");
        Path freezer = Host.cgroupDir(init, "freezer").resolve("freezer.state");
        Files.writeString(freezer, "FROZEN");
        Invocation inv;
        try {
            awaitStatus(id, "paused", Duration.ofSeconds(10));
            inv = rt.spawn(List.of("exec", "--ignore-paused", id, "true"), null);
            String pidNs = Host.nsLink(Long.toString(init), "pid");
            long joiner = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (joiner == 0 && System.nanoTime() < deadline) {
                joiner = ProcessHandle.of(inv.pid()).stream().flatMap(ProcessHandle::children)
                        .mapToLong(ProcessHandle::pid).filter(p -> {
                            try {
                                return pidNs.equals(Host.nsLink(Long.toString(p), "pid"));
                            } catch (UncheckedIOException e) {
                                return false;
                            }
                        }).findFirst().orElse(0);
                Host.sleep(20);
            }
            assertNotEquals(0, joiner, "the joining process appeared");
            Path exe = Path.of("/proc", Long.toString(joiner), "exe");
            assertTrue(Files.readSymbolicLink(exe).toString().startsWith("/memfd:"), "runs from the sealed memfd");
            Path fdDir = Path.of("/proc", Long.toString(joiner), "fd");
            try (var fds = Files.list(fdDir)) {
                for (Path fd : fds.toList()) {
                    if (Files.isDirectory(fd)) {
                        assertTrue(Files.isSameFile(fd, initRoot), fd + " is a directory other than the container's root: "
                                + Files.readSymbolicLink(fd));
                    }
                }
            }
        } finally {
            Files.writeString(freezer, "THAWED");
        }
        Result r = inv.await(Duration.ofSeconds(30));
        assertEquals(0, r.exit(), r.describe());
    }

    @Test
    void ttyWithConsoleSocketSendsAWorkingPtyMaster() throws Exception {
        String id = running();
        Path script = testDir.resolve("console-receiver.py");
        try (InputStream in = ConsoleSocketTest.class.getResourceAsStream("console-receiver.py")) {
            Files.copy(in, script);
        }
        Path sock = testDir.resolve("exec-console.sock");
        Process recv = pythonHelper(sock, "receiver did not start", script.toString(), sock.toString(),
                "tty; echo jrunc-exec-$((6*7))", "jrunc-exec-42");
        Result r = rt.exec("exec", "-t", "-d", "--console-socket", sock.toString(), id, "sh");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(recv.waitFor(40, TimeUnit.SECONDS), "receiver finished");
        String log = Files.readString(testDir.resolve("helper-0.log"));
        assertEquals(0, recv.exitValue(), "receiver failed:\n" + log);
        assertTrue(log.contains("received 1 fd(s)"), log);
        String transcript = log.substring(log.indexOf("BEGIN"));
        assertTrue(transcript.contains("jrunc-exec-42\r\n"), transcript);
        assertTrue(transcript.matches("(?s).*/dev/pts/\\d+\r\n.*"), "stdin is a pty:\n" + transcript);
    }

    /** {@code --pidfd-socket}: one message, data "setns", one fd: a pidfd of the exec'd process. */
    @Test
    void pidfdSocketReceivesAPidfdOfTheProcess() throws Exception {
        String id = running();
        Path script = testDir.resolve("pidfd-receiver.py");
        Files.writeString(script, String.join("\n",
                "import os, socket, sys",
                "srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "srv.bind(sys.argv[1])",
                "srv.listen(1)",
                "conn, _ = srv.accept()",
                "msg, fds, flags, addr = socket.recv_fds(conn, 4096, 4)",
                "print('data', msg.decode(), 'fds', len(fds))",
                "print('link', os.readlink('/proc/self/fd/%d' % fds[0]))",
                "print([l for l in open('/proc/self/fdinfo/%d' % fds[0]) if l.startswith('Pid:')][0].strip())",
                ""));
        Path sock = testDir.resolve("pidfd.sock");
        Process recv = pythonHelper(sock, "receiver did not start", script.toString(), sock.toString());
        Path pidFile = testDir.resolve("pidfd-exec.pid");
        rt.ok("exec", "-d", "--pidfd-socket", sock.toString(), "--pid-file", pidFile.toString(), id, "sleep", "1000");
        assertTrue(recv.waitFor(20, TimeUnit.SECONDS), "receiver finished");
        List<String> log = Files.readAllLines(testDir.resolve("helper-0.log"));
        assertEquals(0, recv.exitValue(), "receiver failed: " + log);
        assertEquals(List.of("data setns fds 1", "link anon_inode:[pidfd]", "Pid:\t" + Files.readString(pidFile)), log);
    }

    private static List<String> quoted(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            out.add("'" + a.replace("'", "'\\''") + "'");
        }
        return out;
    }
}
