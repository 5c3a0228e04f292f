package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks of {@code shared/design/security-checklist.md} that touch what jrunc does, each
 * played against the packaged runtime: the hostile image (symlinks in the rootfs, a fake
 * {@code /dev/null}, a cwd through a leaked fd, …) does its best, and the test asserts that the
 * attack failed inside the container and that the host is exactly as it was. Where the attack
 * aims at host paths, the test points it at a directory of its own under the test dir (never at
 * a real host file it would have to repair), or at a harmless global sysctl it restores if the
 * protection ever breaks.
 */
class SecurityTest extends ConformanceTest {

    // ---------------------------------------------------------------- helpers

    /** {@code create} must fail with one line on stderr, nothing on stdout, nothing left behind. */
    private Result refusedCreate(Bundle b, String id, String... extraArgs) {
        b.write();
        List<String> args = new ArrayList<>(List.of("create", "--bundle", b.dir().toString()));
        args.addAll(List.of(extraArgs));
        args.add(id);
        Result r = rt.exec(args.toArray(String[]::new));
        assertNotEquals(0, r.exit(), "the attack must be refused\n" + r.describe());
        assertEquals(1, r.stderrLines().size(), "exactly one error line\n" + r.describe());
        assertEquals("", r.stdout(), r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)), "a refused create leaves nothing behind");
        return r;
    }

    /** Removes every mount whose destination is {@code dest} (e.g. the /dev tmpfs, so the image's /dev is used). */
    private static void dropMount(Bundle b, String dest) {
        for (Iterator<JsonNode> it = b.mounts().iterator(); it.hasNext(); ) {
            if (dest.equals(it.next().path("destination").asText())) {
                it.remove();
            }
        }
    }

    /** Replaces a rootfs entry by a symlink (the hostile image). */
    private static void symlinkInRootfs(Bundle b, String inRootfs, String target) throws IOException {
        Path p = b.rootfs().resolve(inRootfs.replaceFirst("^/+", ""));
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Host.deleteTree(p);
        } else {
            Files.deleteIfExists(p);
        }
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    /** A directory of the test that plays "the host": the attack must not change its contents. */
    private Path hostDir(String name) throws IOException {
        Path d = Files.createDirectories(testDir.resolve(name));
        Files.writeString(d.resolve("host-marker"), "host\n");
        return d;
    }

    /** Every entry under {@code dir} (names, types, sizes), for before/after comparisons. */
    private static Set<String> snapshot(Path dir) {
        try (Stream<Path> w = Files.walk(dir)) {
            return w.map(p -> {
                try {
                    return dir.relativize(p) + " " + Files.readAttributes(p, "unix:mode,size,ino",
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names directly in {@code dir}. */
    private static Set<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's mount table (this test's mount namespace), as mount id + point + fs type. */
    private static Set<String> hostMountTable() {
        return Host.mounts().stream().map(m -> m.line().split(" ")[0] + " " + m.mountPoint() + " " + m.fsType())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static int fileUid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long initPid(String id) {
        long pid = state(id).get("pid").asLong();
        assertTrue(pid > 0 && Host.alive(pid), "init of " + id + " is alive: " + pid);
        return pid;
    }

    /**
     * A sysctl's value in one read(2): integer sysctls answer only a read at offset 0, so
     * Files.readString (which reads one byte at a time once the reported size of 0 is used up)
     * would see only the first digit.
     */
    static String readSysctl(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host sysctl the attack would change; restored if the protection ever breaks. */
    private static void withSysctlGuard(Path sysctl, Runnable attack) {
        String before = readSysctl(sysctl);
        try {
            attack.run();
        } finally {
            String after = readSysctl(sysctl);
            if (!after.equals(before)) {
                try {
                    Files.writeString(sysctl, before);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not restore " + sysctl + " to " + before, e);
                }
                fail("the container changed the host's " + sysctl + ": " + before.trim() + " -> " + after.trim());
            }
        }
    }

    private Path consoleReceiver(Path sock, String command, String marker) throws IOException {
        Path script = testDir.resolve("console-receiver.py");
        try (InputStream in = SecurityTest.class.getResourceAsStream("console-receiver.py")) {
            Files.copy(in, script);
        }
        pythonHelper(sock, "console receiver did not start", script.toString(), sock.toString(), command, marker);
        return testDir.resolve("helper-0.log");
    }

    // ---------------------------------------------------------------- CVE-2019-5736 / CVE-2016-9962

    /**
     * CVE-2019-5736: while the init waits in {@code created}, the host-side attacker path
     * {@code /proc/<init>/exe} must lead to a sealed in-memory copy, not to the runtime's binary,
     * and opening it for writing must fail. The binaries on disk are unchanged.
     */
    @Test
    void cve2019_5736_initExeIsASealedCopyNotTheHostBinary() throws IOException {
        Path jrunc = rt.binary();
        Path init = jrunc.getParent().resolveSibling("libexec").resolve("jrunc-init");
        List<Path> binaries = Files.exists(init) ? List.of(jrunc, init) : List.of(jrunc);
        List<String> hashes = binaries.stream().map(SecurityTest::sha256).toList();

        Bundle b = newBundle().args("true").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = initPid(id);
        Path exe = Path.of("/proc", Long.toString(pid), "exe");
        String link = Files.readSymbolicLink(exe).toString();
        assertTrue(link.startsWith("/memfd:"), "/proc/<init>/exe must be a memfd, not a host file: " + link);
        for (Path bin : binaries) {
            assertFalse(Files.isSameFile(exe, bin), "/proc/<init>/exe is the host's " + bin);
        }
        for (StandardOpenOption mode : List.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            try (FileChannel ch = FileChannel.open(exe, mode)) {
                fail("/proc/" + pid + "/exe could be opened for " + mode + " (" + ch + ")");
            } catch (FileSystemException e) {
                String why = String.valueOf(e.getReason());
                assertTrue(why.contains("Text file busy") || why.contains("Permission denied")
                        || why.contains("Operation not permitted"), "open for write must fail with ETXTBSY/EACCES/EPERM: " + e);
            }
        }
        rt.ok("delete", "--force", id);
        assertEquals(hashes, binaries.stream().map(SecurityTest::sha256).toList(), "runtime binaries unchanged");
    }

    /**
     * CVE-2016-9962: the waiting init (already switched to uid 1000, with no capabilities) must be
     * non-dumpable until execve. Observable: the kernel makes a non-dumpable process's
     * /proc/PID files root-owned whatever its uid, so a host process running as uid 1000 cannot
     * read its environ; once the user program is exec'd (dumpable again) the same read works,
     * which shows the probe would notice a dumpable init.
     */
    @Test
    void cve2016_9962_waitingInitIsNotDumpable() throws IOException {
        Bundle b = newBundle().args("sleep", "1000");
        b.process().remove("capabilities");
        b.process().putObject("user").put("uid", 1000).put("gid", 1000);
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = initPid(id);
        Path status = Path.of("/proc", Long.toString(pid), "status");
        String uids = Host.status(Long.toString(pid), "Uid:").orElseThrow();
        assertEquals(List.of("1000", "1000", "1000", "1000"), List.of(uids.split("\\s+")),
                "the waiting init already runs as the container user");
        assertEquals(0, fileUid(status), "/proc/<init>/status of a uid-1000 init is root-owned: not dumpable");
        List<String> probe = List.of("setpriv", "--reuid=1000", "--regid=1000", "--clear-groups",
                "cat", "/proc/" + pid + "/environ");
        Map.Entry<Integer, String> asUser = Host.command(probe);
        assertNotEquals(0, asUser.getKey(), "uid 1000 on the host read the waiting init's environ: " + asUser);

        rt.ok("start", id);
        awaitStatus(id, "running", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fileUid(status) != 1000 && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertEquals(1000, fileUid(status), "after execve the process is dumpable again (probe sanity)");
        assertEquals(0, Host.command(probe).getKey(), "probe sanity: uid 1000 can read a dumpable uid-1000 process");
    }

    /**
     * A seccomp agent that continues every notification of the first connection (the init's)
     * and holds the first one of the second (the exec'd process's) until OUT.go exists, after
     * writing the notifying pid to OUT.
     */
    private static final String HOLDING_AGENT = String.join("\n",
            "import fcntl, json, os, socket, struct, sys, threading, time",
            "path, out = sys.argv[1], sys.argv[2]",
            "def recv(fd):",
            "    n = bytearray(80)",
            "    fcntl.ioctl(fd, 0xc0502100, n, True)",          // SECCOMP_IOCTL_NOTIF_RECV
            "    return struct.unpack_from('=QIIi', n, 0)",
            "def cont(fd, nid):",                              // SECCOMP_USER_NOTIF_FLAG_CONTINUE
            "    fcntl.ioctl(fd, 0xc0182101, bytearray(struct.pack('=QqiI', nid, 0, 0, 1)), True)",
            "def serve(fd):",
            "    while True:",
            "        try:",
            "            cont(fd, recv(fd)[0])",
            "        except OSError:",
            "            return",
            "srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "srv.bind(path)",
            "srv.listen(2)",
            "open(out + '.ready', 'w').close()",
            "def take():",
            "    conn, _ = srv.accept()",
            "    _, fds, _, _ = socket.recv_fds(conn, 65536, 4)",
            "    conn.close()",
            "    return fds[0]",
            "threading.Thread(target=serve, args=(take(),), daemon=True).start()",
            "fd = take()",
            "nid, pid, flags, nr = recv(fd)",
            "with open(out + '.tmp', 'w') as f:",
            "    json.dump({'pid': pid, 'nr': nr}, f)",
            "os.rename(out + '.tmp', out)",
            "while not os.path.exists(out + '.go'):",
            "    time.sleep(0.02)",
            "cont(fd, nid)",
            "serve(fd)",
            "");

    /**
     * CVE-2016-9962 for exec: the joining process, already the container's uid 1000 inside
     * the container, is caught in its own execve (held by a seccomp agent, the filter
     * notifying on execve): it must be non-dumpable (its /proc files root-owned, so a uid-1000
     * host process cannot read its environ) and run from the sealed memfd. The init, uid 1000
     * after its execve, shows the probe sees a dumpable process.
     */
    @Test
    void cve2016_9962_execJoiningProcessIsNotDumpable() throws Exception {
        Path sock = testDir.resolve("agent.sock");
        Path out = testDir.resolve("agent.json");
        Path script = testDir.resolve("agent.py");
        Files.writeString(script, HOLDING_AGENT);
        Process agent = pythonHelper(Path.of(out + ".ready"), "the agent did not start", script.toString(),
                sock.toString(), out.toString());

        Bundle b = newBundle().args("sleep", "1000");
        b.process().remove("capabilities");
        b.process().putObject("user").put("uid", 1000).put("gid", 1000);
        ObjectNode seccomp = b.linux().putObject("seccomp").put("defaultAction", "SCMP_ACT_ALLOW")
                .put("listenerPath", sock.toString());
        seccomp.putArray("syscalls").addObject().put("action", "SCMP_ACT_NOTIFY").putArray("names").add("execve");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long init = initPid(id);
        assertEquals(1000, fileUid(Path.of("/proc", Long.toString(init), "status")),
                "probe sanity: the uid-1000 init is dumpable after its execve");

        Invocation exec = rt.spawn(List.of("exec", id, "true"), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(out) && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertTrue(Files.exists(out), "the exec'd process's execve reached the agent");
        long pid = Bundle.JSON.readTree(out.toFile()).path("pid").asLong();
        String uids = Host.status(Long.toString(pid), "Uid:").orElseThrow();
        assertEquals(List.of("1000", "1000", "1000", "1000"), List.of(uids.split("\\s+")),
                "the held process already runs as the container user");
        assertEquals(0, fileUid(Path.of("/proc", Long.toString(pid), "status")),
                "/proc/<joining>/status of a uid-1000 process is root-owned: not dumpable");
        assertTrue(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString().startsWith("/memfd:"),
                "the joining process runs from the sealed memfd");
        Map.Entry<Integer, String> asUser = Host.command(List.of("setpriv", "--reuid=1000", "--regid=1000",
                "--clear-groups", "cat", "/proc/" + pid + "/environ"));
        assertNotEquals(0, asUser.getKey(), "uid 1000 on the host read the joining process's environ: " + asUser);

        Files.createFile(Path.of(out + ".go"));
        Result r = exec.await(Duration.ofSeconds(20));
        assertEquals(0, r.exit(), "the held execve continued\n" + r.describe());
        rt.ok("delete", "--force", id);
    }

    // ---------------------------------------------------------------- CVE-2024-21626

    /** {@code process.cwd} through a (possibly leaked) fd of the init: refused, nothing left. */
    @ParameterizedTest(name = "cwd=/proc/self/fd/{0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 8, 9, 10})
    void cve2024_21626_cwdThroughAnFdIsRefused(int fd) {
        Bundle b = newBundle().args("pwd");
        b.process().put("cwd", "/proc/self/fd/" + fd);
        Result r = refusedCreate(b, newId());
        assertTrue(r.stderr().contains("/proc/self/fd/" + fd), "the error names the cwd\n" + r.describe());
    }

    /** While the init waits it holds only stdio and the exec fifo: no host directory fd to chdir through. */
    @Test
    void cve2024_21626_waitingInitHoldsNoHostFds() throws IOException {
        Bundle b = newBundle().args("true").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = initPid(id);
        Path fdDir = Path.of("/proc", Long.toString(pid), "fd");
        Set<String> fds = names(fdDir);
        assertEquals(4, fds.size(), "stdio and the exec fifo only: " + fds);
        assertTrue(fds.containsAll(List.of("0", "1", "2")), fds.toString());
        String extra = fds.stream().filter(f -> !List.of("0", "1", "2").contains(f)).findFirst().orElseThrow();
        Path fifo = rt.root().resolve(id).resolve("exec.fifo");
        assertTrue(Files.isSameFile(fdDir.resolve(extra), fifo), "fd " + extra + " is the exec fifo");
        for (String f : fds) {
            assertFalse(Files.isDirectory(fdDir.resolve(f)), "fd " + f + " of the waiting init is a directory");
        }
    }

    // ---------------------------------------------------------------- CVE-2019-16884 / 2023-27561 / 2023-28642

    static Stream<Arguments> procSysSymlinks() {
        return Stream.of(Arguments.of("/proc", "root"), Arguments.of("/proc", "hostdir"),
                Arguments.of("/proc", "rootfs-dir"), Arguments.of("/sys", "root"),
                Arguments.of("/sys", "hostdir"), Arguments.of("/sys", "rootfs-dir"));
    }

    /**
     * An image whose {@code /proc} or {@code /sys} is a symlink: procfs/sysfs would land somewhere
     * the masked and read-only paths do not cover (a writable /proc/sys in the container is a host
     * escape through core_pattern). The create must be refused naming the path, no mount may
     * appear on the host, and the symlink's targets stay as they were.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("procSysSymlinks")
    void procAndSysMayNotBeSymlinks(String which, String target) throws IOException {
        Path host = hostDir("hostdir");
        Bundle b = newBundle().args("true");
        String to = switch (target) {
            case "root" -> "/";
            case "hostdir" -> host.toString();
            default -> "etc";
        };
        if (target.equals("hostdir")) {
            b.mkdirs(host.toString());  // the same path inside the rootfs exists, so it would resolve
        }
        symlinkInRootfs(b, which, to);
        Set<String> hostBefore = snapshot(host);
        Set<String> rootfsBefore = snapshot(b.rootfs());
        Set<String> mountsBefore = hostMountTable();

        Result r = refusedCreate(b, newId());
        assertTrue(r.stderr().contains(which), "the error names " + which + "\n" + r.describe());
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
        assertEquals(hostBefore, snapshot(host), "the host directory is untouched");
        assertEquals(rootfsBefore, snapshot(b.rootfs()), "nothing was created through the symlink");
    }

    /**
     * CVE-2019-16884 / CVE-2025-52881: the config puts a fake filesystem over {@code /proc/sys}; the
     * runtime's own sysctl write must still reach the real procfs (seen through a second procfs
     * mount), never the fake one, and never the host's value.
     */
    @Test
    void sysctlWritesCannotBeRedirectedByMountsOverProc() {
        Path fwdFile = Path.of("/proc/sys/net/ipv4/ip_forward");
        String hostFwd = readSysctl(fwdFile).trim();
        String want = hostFwd.equals("1") ? "0" : "1";
        Bundle b = newBundle().sh("cat /proc2/sys/net/ipv4/ip_forward; ls -A /proc/sys | wc -l");
        b.mount("/proc/sys", "tmpfs", "tmpfs", "mode=755");
        b.mount("/proc2", "proc", "proc");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", want);
        assertEquals(List.of(want, "0"), output(b).lines().map(String::trim).toList(),
                "the sysctl reached the real procfs, the fake /proc/sys stayed empty");
        assertEquals(hostFwd, readSysctl(fwdFile).trim(), "host ip_forward unchanged");
    }

    /**
     * CVE-2019-16884 / CVE-2019-19921: the config lays a fake filesystem over {@code /proc},
     * directly or through an image symlink {@code /evil -> /proc}. jrunc has no LSM label to
     * lose there, but its own procfs writes (the sysctl, the oom score) must still reach the
     * real procfs (seen through a second procfs mount) and none may land in the fake one.
     */
    @ParameterizedTest(name = "fake /proc at {0}")
    @ValueSource(strings = {"/proc", "/evil"})
    void cve2019_16884_volumeOverProcCatchesNoRuntimeWrite(String destination) throws IOException {
        Path fwdFile = Path.of("/proc/sys/net/ipv4/ip_forward");
        String hostFwd = readSysctl(fwdFile).trim();
        String want = hostFwd.equals("1") ? "0" : "1";
        Bundle b = newBundle().sh("cat /proc2/sys/net/ipv4/ip_forward /proc2/self/oom_score_adj; ls -A /proc | wc -l");
        if (destination.equals("/evil")) {
            symlinkInRootfs(b, "/evil", "/proc");
        }
        b.mount("/proc2", "proc", "proc");
        b.mount(destination, "tmpfs", "tmpfs", "mode=755");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", want);
        b.process().put("oomScoreAdj", 123);
        Set<String> mountsBefore = hostMountTable();
        assertEquals(List.of(want, "123", "0"), output(b).lines().map(String::trim).toList(),
                "the writes reached the real procfs; the fake /proc stayed empty");
        assertEquals(hostFwd, readSysctl(fwdFile).trim(), "host ip_forward unchanged");
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
    }

    /**
     * CVE-2023-25809 (root container; the rootless case is the rootless work's): with the
     * config's read-only cgroup mount, root in the container can neither make a cgroup, nor
     * move itself, nor write a limit in any hierarchy; the host's cgroup tree is unchanged.
     * (The v1 tmpfs above the hierarchies is the container's own, nothing of the host is in
     * it; whether it is read-only too is CgroupsTest's.)
     */
    @Test
    void cve2023_25809_cgroupfsIsReadOnlyInTheContainer() {
        Bundle b = newBundle().sh(String.join("; ",
                "for h in /sys/fs/cgroup/*; do mkdir $h/escape 2>/dev/null && echo made $h;"
                        + " echo $$ > $h/cgroup.procs 2>/dev/null && echo moved $h; done",
                "echo 1 > /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null && echo wrote-limit",
                "ls /sys/fs/cgroup | wc -l"));
        String id = newId();
        Result r = runForeground(b, id);
        assertEquals(0, r.exit(), r.describe());
        List<String> lines = r.stdout().lines().map(String::trim).toList();
        assertEquals(1, lines.size(), "no write succeeded: " + lines);
        assertTrue(Integer.parseInt(lines.get(0)) > 0, "the hierarchies are there to be attacked: " + lines);
        try (Stream<Path> w = Files.walk(Path.of("/sys/fs/cgroup"), 6)) {
            assertEquals(List.of(), w.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("escape"))
                    .toList(), "no cgroup named escape on the host");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- CVE-2026-41579

    static Stream<Arguments> devSymlinks() {
        return Stream.of(Arguments.of("root", true), Arguments.of("root", false),
                Arguments.of("hostdir", true), Arguments.of("hostdir", false));
    }

    /**
     * An image whose {@code /dev} is a symlink to {@code /} or to a host directory (absolute):
     * the /dev tmpfs, device nodes, /dev symlinks, devpts, shm, mqueue must all land inside the
     * rootfs or the create must fail; the host's {@code /} and the host directory are unchanged.
     */
    @ParameterizedTest(name = "/dev -> {0}, /dev tmpfs {1}")
    @MethodSource("devSymlinks")
    void devSymlinkTouchesNothingOnTheHost(String target, boolean devTmpfs) throws IOException {
        Path host = hostDir("hostdev");
        Bundle b = newBundle().sh("test -c /dev/null && echo dev-ok");
        if (!devTmpfs) {
            dropMount(b, "/dev");
        }
        Path inRootfs = target.equals("root") ? b.rootfs() : b.mkdirs(host.toString());
        symlinkInRootfs(b, "/dev", target.equals("root") ? "/" : host.toString());
        Set<String> hostBefore = snapshot(host);
        Set<String> slashBefore = names(Path.of("/"));
        Set<String> mountsBefore = hostMountTable();

        Result r = runForeground(b, newId());
        if (r.exit() == 0) {
            assertEquals("dev-ok", r.stdout().trim(), r.describe());
            if (!devTmpfs) {
                assertTrue(Files.exists(inRootfs.resolve("null"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        "the device nodes were made inside the rootfs, at " + inRootfs);
            }
        } else {
            assertEquals(1, r.stderrLines().size(), "a refusal is one line\n" + r.describe());
        }
        assertEquals(hostBefore, snapshot(host), "the host directory is untouched");
        assertEquals(slashBefore, names(Path.of("/")), "nothing created in or removed from the host's /");
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
    }

    // ---------------------------------------------------------------- CVE-2019-18837 / 2021-30465 / 2024-45310

    /**
     * Mount destinations through image symlinks that point at an absolute host path and at
     * {@code ../../..}: every mount lands inside the rootfs, resolved as if the rootfs were
     * {@code /}; nothing is created in the host directory.
     */
    @Test
    void mountDestinationThroughSymlinkStaysInRootfs() throws IOException {
        Path host = hostDir("hostdir");
        Path src = Files.createDirectories(testDir.resolve("bindsrc"));
        Files.writeString(src.resolve("marker"), "bind-ok\n");
        Bundle b = newBundle();
        Path counterpart = b.mkdirs(host.toString());
        symlinkInRootfs(b, "/evil", host.toString());
        symlinkInRootfs(b, "/up", "../../../../../../../../..");
        b.mount("/evil/t1", "tmpfs", "tmpfs", "mode=755");
        b.mount("/evil/b1", "bind", src.toString(), "bind", "ro");
        b.mount("/up" + host + "/t2", "tmpfs", "tmpfs", "mode=755");
        b.sh("cat /evil/b1/marker; cut -d' ' -f5 /proc/self/mountinfo | grep hostdir | sort");
        Set<String> hostBefore = snapshot(host);
        Set<String> mountsBefore = hostMountTable();

        assertEquals(List.of("bind-ok", host + "/b1", host + "/t1", host + "/t2"), output(b).lines().toList(),
                "the mounts are where the rootfs-relative resolution puts them");
        assertEquals(Set.of("b1", "t1", "t2"), names(counterpart), "mount points were created inside the rootfs");
        assertEquals(hostBefore, snapshot(host), "nothing created in the host directory");
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
    }

    /** The same through a symlink whose target does not exist inside the rootfs: refused, host untouched. */
    @Test
    void mountDestinationThroughDanglingSymlinkCreatesNothingOnHost() throws IOException {
        Path host = hostDir("hostdir");
        Bundle b = newBundle().args("true");
        symlinkInRootfs(b, "/evil", host.toString());
        b.mount("/evil/sub/deeper", "tmpfs", "tmpfs", "mode=755");
        Set<String> hostBefore = snapshot(host);
        Set<String> mountsBefore = hostMountTable();
        Result r = refusedCreate(b, newId());
        assertTrue(r.stderr().contains("/evil/sub/deeper"), "the error names the destination\n" + r.describe());
        assertEquals(hostBefore, snapshot(host), "nothing created in the host directory");
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
    }

    /**
     * CVE-2021-30465 / CVE-2024-45310: the rootfs is shared with a racer (here the host side of
     * the bind, as a shared volume would be) that keeps swapping {@code /evil} between a
     * directory and a symlink to the host directory while runs create many mount points under
     * it. Runs may fail when they lose the race, but nothing may ever be created or mounted in
     * the host directory, and every run cleans up after itself.
     */
    @Test
    void racingSymlinkSwapNeverReachesTheHost() throws Exception {
        Path host = hostDir("hostdir");
        Bundle b = newBundle().args("true");
        for (int i = 0; i < 16; i++) {
            b.mount("/evil/m" + i + "/deeper", "tmpfs", "tmpfs", "mode=755");
        }
        b.write();
        Path evil = b.rootfs().resolve("evil");
        Set<String> hostBefore = snapshot(host);
        Set<String> mountsBefore = hostMountTable();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong swaps = new java.util.concurrent.atomic.AtomicLong();
        Thread racer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    if (Files.isSymbolicLink(evil)) {
                        Files.delete(evil);
                        Files.createDirectory(evil);
                    } else {
                        if (Files.exists(evil)) {
                            Host.deleteTree(evil);
                        }
                        Files.createSymbolicLink(evil, host);
                    }
                    swaps.incrementAndGet();
                } catch (IOException | UncheckedIOException | AssertionError e) {
                    // lost a race with the runtime's mkdir: try again
                }
            }
        });
        int ok = 0;
        try {
            for (int i = 0; i < 12; i++) {
                if (runForeground(b, newId()).exit() == 0) {
                    ok++;
                }
                assertEquals(hostBefore, snapshot(host), "run " + i + " created something in the host directory");
            }
        } finally {
            stop.set(true);
            racer.join();
        }
        assertTrue(swaps.get() > 100, "the racer actually raced: " + swaps.get() + " swaps");
        assertEquals(hostBefore, snapshot(host), "nothing created in the host directory (" + ok + " runs succeeded)");
        assertEquals(mountsBefore, hostMountTable(), "no mount appeared on the host");
    }

    // ---------------------------------------------------------------- CVE-2025-31133

    /**
     * The image's {@code /dev/null} is a symlink to a global procfs file (fs.lease-break-time,
     * harmless; restored if ever changed): masking must still use the real null device, so the
     * masked path reads empty, is char 1:3, and writing it changes nothing on the host.
     */
    @Test
    void cve2025_31133_fakeDevNullDoesNotUnmaskProcfs() throws IOException {
        Path sysctl = Path.of("/proc/sys/fs/lease-break-time");
        String hostValue = readSysctl(sysctl).trim();
        String other = Integer.toString(Integer.parseInt(hostValue) + 1);
        Bundle b = newBundle();
        dropMount(b, "/dev");   // the image's own /dev is used
        symlinkInRootfs(b, "/dev/null", sysctl.toString());
        ((ArrayNode) b.linux().get("maskedPaths")).add("/proc/loadavg");
        b.sh("stat -c '%F %t:%T' /proc/loadavg; wc -c < /proc/loadavg; echo " + other + " > /proc/loadavg;"
                + " echo masked-write=$?; (echo " + other + " > /dev/null) 2>&1; cat " + sysctl);
        withSysctlGuard(sysctl, () -> {
            List<String> out = output(b).lines().map(String::trim).toList();
            assertEquals(List.of("character special file 1:3", "0", "masked-write=0"), out.subList(0, 3),
                    "the masked path is the real null device: " + out);
            assertEquals(hostValue, out.getLast(), "the container's view of the sysctl is unchanged: " + out);
        });
        assertEquals(hostValue, readSysctl(sysctl).trim(), "host sysctl unchanged");
    }

    // ---------------------------------------------------------------- CVE-2025-52565

    /**
     * The image's {@code /dev/console} is a symlink to a procfs file the attacker wants the
     * console bind to cover: refused (as runc does, O_NOFOLLOW), naming /dev/console; the host's
     * core_pattern is untouched.
     */
    @Test
    void cve2025_52565_consoleSymlinkIsRefused() throws IOException {
        Path corePattern = Path.of("/proc/sys/kernel/core_pattern");
        Bundle b = newBundle().args("sh");
        b.process().put("terminal", true);
        dropMount(b, "/dev");
        symlinkInRootfs(b, "/dev/console", corePattern.toString());
        Path sock = testDir.resolve("console.sock");
        withSysctlGuard(corePattern, () -> {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(sock));
                Result r = refusedCreate(b, newId(), "--console-socket", sock.toString());
                assertTrue(r.stderr().contains("/dev/console"), "the error names /dev/console\n" + r.describe());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A hostile image {@code /dev} (ptmx, tty and pts entries are symlinks into procfs) with a
     * real devpts mounted at /dev/pts: the console is a real pty of the container's devpts, and
     * the host's core_pattern is untouched.
     */
    @Test
    void cve2025_52565_hostileDevStillGetsARealPty() throws IOException {
        Path corePattern = Path.of("/proc/sys/kernel/core_pattern");
        Bundle b = newBundle().args("sh");
        b.process().put("terminal", true);
        b.process().putArray("env").add("PATH=/bin").add("TERM=dumb");
        dropMount(b, "/dev");
        symlinkInRootfs(b, "/dev/ptmx", corePattern.toString());
        symlinkInRootfs(b, "/dev/tty", corePattern.toString());
        b.write();
        Path sock = testDir.resolve("console.sock");
        Path log = consoleReceiver(sock, "tty; stat -c 'console %t' /dev/console; echo pty-$((6*7))", "pty-42");
        withSysctlGuard(corePattern, () -> {
            String id = newId();
            rt.ok("create", "--bundle", b.dir().toString(), "--console-socket", sock.toString(), id);
            rt.ok("start", id);
            awaitStatus(id, "stopped", Duration.ofSeconds(40));
        });
        String text = Files.readString(log);
        assertTrue(text.contains("pty master of /dev/pts/"), "the master answers TIOCGPTN:\n" + text);
        String n = text.replaceAll("(?s).*pty master of /dev/pts/(\\d+).*", "$1");
        String transcript = text.substring(text.indexOf("BEGIN"));
        assertTrue(transcript.contains("/dev/pts/" + n + "\r\n"), "stdin is that pty:\n" + transcript);
        assertTrue(transcript.contains("console 88\r\n"), "/dev/console is a pty peer (major 136):\n" + transcript);
        assertTrue(transcript.contains("pty-42\r\n"), transcript);
    }

    // ---------------------------------------------------------------- CVE-2021-43784

    static Stream<Arguments> hugeConfigs() {
        return Stream.of(
                Arguments.of("70000 env entries", 70000, 4),
                Arguments.of("a 100 KiB env value", 1, 100 * 1024),
                Arguments.of("a 12 MB environment", 60000, 200));
    }

    /** Over the plan's limits: refused in one line before any process exists, nothing left. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeConfigs")
    void cve2021_43784_hugeConfigsAreRefusedCleanly(String name, int entries, int valueSize) {
        Bundle b = newBundle().args("true");
        ArrayNode env = b.process().putArray("env").add("PATH=/bin");
        String value = "x".repeat(valueSize);
        IntStream.range(0, entries).forEach(i -> env.add("V" + i + "=" + value));
        Result r = refusedCreate(b, newId());
        assertTrue(r.stderr().matches("(?is).*(env|limit|larger|too).*"), "the error says what is too big\n" + r.describe());
    }

    /** Large but within the limits: the plan crosses many messages and the container gets all of it. */
    @Test
    void cve2021_43784_largeConfigWithinLimitsIsCarriedIntact() {
        Bundle b = newBundle().sh("env | grep -c '^V'; echo ${#BIG}");
        ArrayNode env = b.process().putArray("env").add("PATH=/bin").add("BIG=" + "y".repeat(60 * 1024));
        IntStream.range(0, 20000).forEach(i -> env.add("V" + i + "=" + i));
        assertEquals(List.of("20000", Integer.toString(60 * 1024)), output(b).lines().toList());
    }

    // ---------------------------------------------------------------- kill semantics

    /**
     * Without a pid namespace, killing the init does not kill the rest of the container:
     * {@code delete --force} must kill every process of the container's cgroup, including
     * ones that ignore SIGTERM and ones that left the session.
     */
    @Test
    void deleteForceWithoutPidNamespaceKillsEveryProcess() {
        Bundle b = newBundle().withoutNamespace("pid");
        b.sh("sleep 1001 & (setsid sleep 1002 &); sh -c 'trap \"\" TERM HUP INT; sleep 1003' & "
                + "sleep 0.2; echo ready; wait").write();
        String id = newId();
        Result c = rt.ok("create", "--bundle", b.dir().toString(), id);
        rt.ok("start", id);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Invocation.read(c.stdoutFile()).contains("ready") && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertTrue(Invocation.read(c.stdoutFile()).contains("ready"), "container started its processes");
        Map<Long, String> procs = Host.processesMentioning(testDir.toString(), List.of(id));
        assertTrue(procs.values().stream().filter(s -> s.contains("sleep 100")).count() >= 3,
                "the container runs its sleeps: " + procs);

        rt.ok("delete", "--force", id);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Long> alive = procs.keySet().stream().filter(Host::alive).toList();
        while (!alive.isEmpty() && System.nanoTime() < until) {
            Host.sleep(50);
            alive = procs.keySet().stream().filter(Host::alive).toList();
        }
        assertEquals(List.of(), alive, "processes of the container still alive after delete --force: " + procs);
        assertEquals(List.of(), leftovers(), "nothing left after delete --force");
    }
}
