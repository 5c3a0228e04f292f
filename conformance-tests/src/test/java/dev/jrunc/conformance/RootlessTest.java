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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jrunc run by an unprivileged user, as rootless podman runs runc: a user made for each test
 * ({@link RootlessUser}) runs the packaged binary through setpriv with a clean environment,
 * its state under {@code $XDG_RUNTIME_DIR/jrunc} (no {@code --root}), against a bundle made
 * by {@code jrunc spec --rootless} as that user. There is no delegated cgroup on these hosts,
 * so the containers run without one (docs/rootless.md).
 */
class RootlessTest extends ConformanceTest {
    private RootlessUser user;
    private Path xdg;
    private final List<String> userIds = new ArrayList<>();

    @BeforeEach
    void makeUser() throws IOException {
        user = RootlessUser.create(testDir);
        xdg = testDir.resolve("xdg-" + user.name());
        Files.createDirectory(xdg);
        chown(xdg);
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
    }

    /** Runs before the base class's tear-down, whose leak check then covers these containers too. */
    @AfterEach
    void removeUser() {
        List<String> problems = new ArrayList<>();
        if (user == null) {
            return;
        }
        try {
            for (String id : userIds) {
                jrunc("delete", "--force", id);
            }
            Path root = xdg.resolve("jrunc");
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.list(root)) {
                    s.filter(p -> !p.getFileName().toString().equals("@seccomp"))
                            .forEach(p -> problems.add("state dir " + p));
                }
            }
            // A command's JVM may still be exiting when its jrunc-init has finished: give
            // what is on its way out a moment, then whatever is left is a leftover.
            List<Long> stray = user.processes();
            for (int i = 0; i < 50 && !stray.isEmpty(); i++) {
                Host.sleep(100);
                stray = user.processes();
            }
            if (!stray.isEmpty()) {
                problems.add("processes of " + user.name() + " after delete --force: " + stray);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            problems.add("clean-up: " + e);
        } finally {
            user.remove();
            if (user.stillKnown()) {
                problems.add("user " + user.name() + " or its subordinate ids were not removed");
            }
        }
        if (!problems.isEmpty()) {
            fail("left behind by the rootless test:\n  " + String.join("\n  ", problems));
        }
    }

    private void chown(Path p) {
        Map.Entry<Integer, String> r = Host.command(List.of("chown", "-R", user.uid() + ":" + user.gid(), p.toString()));
        assertEquals(0, r.getKey(), r.getValue());
    }

    /** jrunc as the user, no --root: the XDG default is part of what is tested. */
    private Result jrunc(String... args) {
        return jruncIn(null, args);
    }

    private Result jruncIn(Path cwd, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(rt.binary().toString());
        argv.addAll(List.of(args));
        return rt.spawnRaw(user.as(Map.of("XDG_RUNTIME_DIR", xdg.toString()), argv), cwd).await(Runtime.TIMEOUT);
    }

    /**
     * jrunc as the user from inside {@code cgroup2Leaf}: with a delegated cgroup (systemd's
     * Delegate=yes) the user's own processes live inside the delegated subtree, which cgroup2
     * requires of whoever moves a process (write access to the common ancestor's cgroup.procs).
     */
    private Result jruncFrom(Path cgroup2Leaf, String... args) {
        List<String> jrunc = new ArrayList<>();
        jrunc.add(rt.binary().toString());
        jrunc.addAll(List.of(args));
        // Root puts the shell there (as a login manager would), then it becomes the user.
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && exec \"$@\"",
                cgroup2Leaf.toString()));
        argv.addAll(user.as(Map.of("XDG_RUNTIME_DIR", xdg.toString()), jrunc));
        return rt.spawnRaw(argv, null).await(Runtime.TIMEOUT);
    }

    private Result ok(String... args) {
        Result r = jrunc(args);
        if (r.exit() != 0) {
            throw new AssertionError("expected exit 0\n" + r.describe());
        }
        return r;
    }

    private String newUserId() {
        String id = newId();
        userIds.add(id);
        return id;
    }

    /** A bundle whose config.json is what {@code jrunc spec --rootless} printed for the user. */
    private Bundle rootlessBundle() throws IOException {
        Bundle b = newBundle();
        chown(b.dir());
        Result r = jruncIn(b.dir(), "spec", "--rootless");
        assertEquals(0, r.exit(), r.describe());
        ObjectNode config = (ObjectNode) Bundle.JSON.readTree(Files.readString(b.dir().resolve("config.json")));
        b.config().removeAll();
        b.config().setAll(config);
        b.process().put("terminal", false);
        return b;
    }

    private static ObjectNode mapping(long container, long host, long size) {
        ObjectNode m = Bundle.JSON.createObjectNode();
        m.put("containerID", container).put("hostID", host).put("size", size);
        return m;
    }

    private Result runAsUser(Bundle b, String id) {
        b.write();
        return jrunc("run", "--bundle", b.dir().toString(), id);
    }

    private String outputAsUser(Bundle b) {
        Result r = runAsUser(b, newUserId());
        if (r.exit() != 0) {
            throw new AssertionError("container failed\n" + r.describe());
        }
        return r.stdout();
    }

    @Test
    void specRootlessBundleRunsAsRootInsideWithItsHostnameAndMounts() throws IOException {
        Bundle b = rootlessBundle();
        b.sh("id -u; id -g; hostname; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; "
                + "cat /proc/self/mountinfo");
        List<String> lines = List.of(outputAsUser(b).split("\n"));
        assertEquals("0", lines.get(0).trim(), "uid inside");
        assertEquals("0", lines.get(1).trim(), "gid inside");
        assertEquals("runc", lines.get(2).trim(), "hostname of spec's template");
        assertEquals(List.of("0", Long.toString(user.uid()), "1"), List.of(lines.get(3).trim().split("\\s+")));
        assertEquals(List.of("0", Long.toString(user.gid()), "1"), List.of(lines.get(4).trim().split("\\s+")));
        assertEquals("deny", lines.get(5).trim(), "a single own-id gid map needs setgroups denied");
        List<Host.MountInfo> mounts = Host.parseMountInfo(String.join("\n", lines.subList(6, lines.size())));
        for (String want : List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup")) {
            assertTrue(mounts.stream().anyMatch(m -> m.mountPoint().equals(want)), want + " mounted: " + lines);
        }
        // Devices are binds of the host's nodes: mknod is refused in a user namespace.
        assertTrue(mounts.stream().anyMatch(m -> m.mountPoint().equals("/dev/null")), "/dev/null bound: " + lines);
        Path root = xdg.resolve("jrunc");
        assertEquals(01700, (int) Files.getAttribute(root, "unix:mode") & 07777, "state root mode");
        assertEquals(user.uid(), (int) Files.getAttribute(root, "unix:uid"));
    }

    @Test
    void detachedContainerWorksWithEveryCommand() throws IOException {
        Bundle b = rootlessBundle();
        b.args("sleep", "300");
        b.write();
        String id = newUserId();
        ok("run", "-d", "--bundle", b.dir().toString(), id);
        JsonNode state = Bundle.JSON.readTree(ok("state", id).stdout());
        assertEquals("running", state.path("status").asText(), state.toString());
        long pid = state.path("pid").asLong();
        assertTrue(pid > 0);
        assertEquals(Long.toString(user.uid()), Host.status(Long.toString(pid), "Uid:").orElseThrow().split("\\s+")[0],
                "the container's processes belong to the user on the host");

        assertTrue(ok("list").stdout().contains(id), "list");
        assertEquals("0", ok("exec", id, "id", "-u").stdout().trim(), "exec runs as root of the user namespace");
        String ps = ok("ps", id).stdout();
        assertTrue(ps.contains(Long.toString(pid)) && ps.contains("sleep"), "ps lists the container's process: " + ps);

        Result pause = jrunc("pause", id);
        assertNotEquals(0, pause.exit(), "no freezer without a delegated cgroup");
        assertTrue(pause.stderr().contains("cannot toggle freezer: cgroups not configured for container"),
                pause.describe());

        ok("kill", id, "KILL");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = Bundle.JSON.readTree(ok("state", id).stdout()).path("status").asText();
            if (status.equals("stopped")) {
                break;
            }
            Host.sleep(50);
        }
        assertEquals("stopped", status);
        ok("delete", id);
        assertFalse(ok("list").stdout().contains(id), "gone from list");
        assertEquals(1, jrunc("state", id).exit(), "state of a deleted container");
    }

    /** runc allows exec into a created rootless container (its waiting init is dumpable then). */
    @Test
    void execIntoACreatedContainerWorksAsWithRunc() throws IOException {
        Bundle b = rootlessBundle();
        b.args("sleep", "300");
        b.write();
        String id = newUserId();
        ok("create", "--bundle", b.dir().toString(), id);
        assertEquals("0", ok("exec", id, "id", "-u").stdout().trim(), "exec into the created container");
        assertEquals("created", Bundle.JSON.readTree(ok("state", id).stdout()).path("status").asText());
        ok("start", id);
        assertEquals("0", ok("exec", id, "id", "-u").stdout().trim(), "exec into the started container");
        ok("delete", "--force", id);
    }

    @Test
    void containerCannotWriteAHostFileTheUserDoesNotOwn() throws IOException {
        Path rootsFile = testDir.resolve("roots-file");
        Files.writeString(rootsFile, "root's\n");
        Files.setPosixFilePermissions(rootsFile, PosixFilePermissions.fromString("rw-r--r--"));
        Path usersFile = testDir.resolve("users-file");
        Files.writeString(usersFile, "user's\n");
        chown(usersFile);
        Bundle b = rootlessBundle();
        // Mountpoints exist beforehand: the rootfs is root's, which the user namespace cannot write.
        Files.createDirectories(b.rootfs().resolve("mnt"));
        Files.createFile(b.rootfs().resolve("mnt/roots"));
        Files.createFile(b.rootfs().resolve("mnt/users"));
        b.mount("/mnt/roots", "bind", rootsFile.toString(), "bind", "rw");
        b.mount("/mnt/users", "bind", usersFile.toString(), "bind", "rw");
        b.sh("if echo pwned >> /mnt/roots; then echo wrote-roots; else echo refused-roots; fi; "
                + "echo mine >> /mnt/users && echo wrote-users");
        String out = outputAsUser(b);
        assertTrue(out.contains("refused-roots"), out);
        assertTrue(out.contains("wrote-users"), "the user's own file stays writable: " + out);
        assertEquals("root's\n", Files.readString(rootsFile));
        assertEquals("user's\nmine\n", Files.readString(usersFile));
    }

    @Test
    void multipleRangesAreMappedThroughNewuidmap() throws IOException {
        Bundle b = rootlessBundle();
        ArrayNode uids = b.linux().putArray("uidMappings");
        uids.add(mapping(0, user.uid(), 1)).add(mapping(1, user.subStart(), user.subCount()));
        ArrayNode gids = b.linux().putArray("gidMappings");
        gids.add(mapping(0, user.gid(), 1)).add(mapping(1, user.subStart(), user.subCount()));
        Path data = testDir.resolve("data");
        Files.createDirectory(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(b.rootfs().resolve("data"));
        b.mount("/data", "bind", data.toString(), "bind", "rw");
        ObjectNode u = b.process().putObject("user");
        u.put("uid", 1000).put("gid", 1000);
        b.sh("id -u; id -g; cat /proc/self/uid_map; touch /data/f");
        List<String> lines = List.of(outputAsUser(b).split("\n"));
        assertEquals("1000", lines.get(0).trim());
        assertEquals("1000", lines.get(1).trim());
        assertEquals(List.of("1", Long.toString(user.subStart()), Long.toString(user.subCount())),
                List.of(lines.get(3).trim().split("\\s+")), "second uid_map line: " + lines);
        Path f = data.resolve("f");
        assertEquals(user.subStart() + 999, ((Number) Files.getAttribute(f, "unix:uid")).longValue(),
                "a file made by uid 1000 inside belongs to the mapped subordinate uid on the host");
        assertEquals(user.subStart() + 999, ((Number) Files.getAttribute(f, "unix:gid")).longValue());
    }

    @Test
    void rangesOutsideTheUsersSubordinateIdsAreRefusedCleanly() throws IOException {
        Bundle b = rootlessBundle();
        ArrayNode uids = b.linux().putArray("uidMappings");
        uids.add(mapping(0, user.uid(), 1)).add(mapping(1, user.subStart() + user.subCount(), 10));
        b.args("true");
        String id = newUserId();
        Result r = runAsUser(b, id);
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("newuidmap"), r.describe());
        assertEquals(1, jrunc("state", id).exit(), "nothing half-created");
    }

    /** CVE-2023-25809: rootless runc left the host user's cgroup writable inside. */
    @Test
    void sysFsCgroupIsReadOnlyInside() throws IOException {
        Bundle b = rootlessBundle();
        b.sh("if touch /sys/fs/cgroup/x 2>/dev/null; then echo created; else echo refused; fi; "
                + "for f in /sys/fs/cgroup/*/cgroup.procs /sys/fs/cgroup/cgroup.procs; do "
                + "[ -e \"$f\" ] && (echo $$ > \"$f\") 2>/dev/null && echo \"joined $f\"; done; "
                + "grep ' /sys/fs/cgroup ' /proc/self/mountinfo");
        String out = outputAsUser(b);
        assertTrue(out.contains("refused"), out);
        assertFalse(out.contains("created") || out.contains("joined"), out);
        List<Host.MountInfo> m = Host.parseMountInfo(out.substring(out.indexOf('\n') + 1));
        Host.MountInfo top = m.get(m.size() - 1);
        assertTrue(top.options().contains("ro"), "the topmost /sys/fs/cgroup mount is read-only: " + out);
    }

    @Test
    void limitsWithoutACgroupFailAsRuncDoes() throws IOException {
        Bundle b = rootlessBundle();
        b.linux().putObject("resources").putObject("pids").put("limit", 100);
        b.args("true");
        String id = newUserId();
        Result r = runAsUser(b, id);
        assertEquals(1, r.exit(), r.describe());
        assertTrue(r.stderr().contains("cannot set pids limit: container could not join or create cgroup"),
                r.describe());
        assertEquals(1, jrunc("state", id).exit(), "nothing half-created");

        Bundle explicit = rootlessBundle();
        explicit.linux().put("cgroupsPath", "/" + id);
        explicit.args("true");
        Result e = runAsUser(explicit, id);
        assertEquals(1, e.exit(), e.describe());
        assertTrue(e.stderr().contains("Permission denied"), "an explicit cgroupsPath is not ignored: " + e.describe());
    }

    /**
     * What systemd's Delegate=yes gives a user, made by hand (no systemd here): a cgroup of
     * each hierarchy owned by the user, the user's processes inside it on the cgroup2 side.
     * Then the container gets its own cgroup under it, with limits, and pause works.
     */
    @Test
    void aDelegatedCgroupGivesLimitsPauseAndResume() throws IOException {
        List<Path> hierarchies = Host.mounts().stream()
                .filter(m -> m.fsType().equals("cgroup") || m.fsType().equals("cgroup2"))
                .filter(m -> m.mountPoint().startsWith("/sys/fs/cgroup"))
                .map(m -> Path.of(m.mountPoint())).distinct().toList();
        Path cgroup2 = Host.cgroupMountPoint("");
        String name = "jrunc-ct-deleg-" + user.name();
        List<Path> made = new ArrayList<>();
        try {
            for (Path h : hierarchies) {
                Path d = h.resolve(name);
                Files.createDirectory(d);
                made.add(d);
                if (Files.exists(d.resolve("cpuset.cpus"))) {
                    Files.writeString(d.resolve("cpuset.cpus"), Files.readString(h.resolve("cpuset.cpus")).trim());
                    Files.writeString(d.resolve("cpuset.mems"), Files.readString(h.resolve("cpuset.mems")).trim());
                }
            }
            Path callers = cgroup2.resolve(name).resolve("callers");
            Files.createDirectory(callers);
            made.add(callers);
            for (Path d : made) {
                chown(d);
            }
            Bundle b = rootlessBundle();
            b.args("sleep", "300");
            String id = newUserId();
            b.linux().put("cgroupsPath", "/" + name + "/" + id);
            b.linux().putObject("resources").putObject("pids").put("limit", 42);
            b.write();
            Result run = jruncFrom(callers, "run", "-d", "--bundle", b.dir().toString(), id);
            assertEquals(0, run.exit(), run.describe());
            long pid = Bundle.JSON.readTree(ok("state", id).stdout()).path("pid").asLong();
            Path pids = Host.cgroupDir(pid, "pids");
            assertTrue(pids.endsWith(Path.of(name, id)), "the container's own cgroup under the delegated one: " + pids);
            assertEquals("42", Files.readString(pids.resolve("pids.max")).trim());

            ok("pause", id);
            assertEquals("paused", Bundle.JSON.readTree(ok("state", id).stdout()).path("status").asText());
            ok("resume", id);
            assertEquals("running", Bundle.JSON.readTree(ok("state", id).stdout()).path("status").asText());
            assertTrue(ok("ps", id).stdout().contains(Long.toString(pid)));
            ok("delete", "--force", id);
            assertFalse(Files.exists(pids), "the container's cgroup is removed with it");
        } finally {
            for (Path d : made.reversed()) {
                try (Stream<Path> s = Files.walk(d)) {
                    for (Path p : s.filter(Files::isDirectory).sorted((x, y) -> y.getNameCount() - x.getNameCount())
                            .toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // reported by the check below
                }
            }
            List<Path> left = made.stream().filter(Files::exists).toList();
            assertTrue(left.isEmpty(), "delegated cgroups left: " + left);
        }
    }

    @Test
    void aConfigWithoutUserNamespaceIsRefused() throws IOException {
        Bundle b = rootlessBundle();
        ArrayNode ns = b.linux().putArray("namespaces");
        ns.addObject().put("type", "mount");
        ns.addObject().put("type", "pid");
        b.linux().remove("uidMappings");
        b.linux().remove("gidMappings");
        b.config().remove("hostname");
        b.args("true");
        Result r = runAsUser(b, newUserId());
        assertEquals(1, r.exit(), r.describe());
        assertTrue(r.stderr().contains("rootless container requires user namespaces"), r.describe());
    }
}
