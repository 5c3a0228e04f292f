package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code linux.resources} on the v1 hierarchies of this hybrid host: the init is in its cgroups
 * as soon as {@code create} returns, the limits are in the controller files, and the directories
 * are gone after {@code delete}.
 */
class CgroupsTest extends ConformanceTest {

    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids", "devices", "freezer");

    private Bundle limited() {
        Bundle b = newBundle().args("sleep", "1000");
        ObjectNode res = b.linux().with("resources");
        res.putObject("memory").put("limit", 64L * 1024 * 1024);
        res.putObject("cpu").put("shares", 512).put("quota", 50000).put("period", 100000);
        res.putObject("pids").put("limit", 32);
        return b.write();
    }

    private static String read(Path dir, String file) {
        return Host.readFile(dir.resolve(file)).trim();
    }

    @Test
    void limitsAreInTheControllerFilesAndInitIsInTheCgroupAfterCreate() {
        Bundle b = limited();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();

        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String c : CONTROLLERS) {
            Path d = Host.cgroupDir(pid, c);
            dirs.put(c, d);
            assertTrue(Files.isDirectory(d), c + " cgroup of init: " + d);
            assertTrue(d.toString().contains(id), "default cgroup path is named after the id: " + d);
            List<String> procs = Host.readFile(d.resolve("cgroup.procs")).lines().toList();
            assertTrue(procs.contains(Long.toString(pid)), "init " + pid + " is in " + d + " right after create: " + procs);
        }
        assertEquals(Long.toString(64L * 1024 * 1024), read(dirs.get("memory"), "memory.limit_in_bytes"));
        assertEquals("512", read(dirs.get("cpu"), "cpu.shares"));
        assertEquals("50000", read(dirs.get("cpu"), "cpu.cfs_quota_us"));
        assertEquals("100000", read(dirs.get("cpu"), "cpu.cfs_period_us"));
        assertEquals("32", read(dirs.get("pids"), "pids.max"));

        rt.ok("start", id);
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        rt.ok("delete", id);
        for (Map.Entry<String, Path> e : dirs.entrySet()) {
            assertFalse(Files.exists(e.getValue()), e.getKey() + " cgroup removed by delete: " + e.getValue());
        }
        assertEquals(List.of(), Host.cgroupDirsMentioning(List.of(id)), "no cgroup named after the id anywhere");
    }

    @Test
    void pidsLimitIsEnforced() {
        // The forking subshell dies at its first refused fork; the init shell survives.
        Bundle b = newBundle().sh("(for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1000 & done) 2>/dev/null; sleep 1000");
        b.linux().with("resources").putObject("pids").put("limit", 5);
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path pids = Host.cgroupDir(pid, "pids");
        assertEquals("5", read(pids, "pids.max"));
        rt.ok("start", id);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!read(pids, "pids.events").matches("max [1-9]\\d*") && System.nanoTime() < deadline) {
            Host.sleep(50);
        }
        assertTrue(read(pids, "pids.events").matches("max [1-9]\\d*"), "forks were refused: " + read(pids, "pids.events"));
        int current = Integer.parseInt(read(pids, "pids.current"));
        assertTrue(current <= 5, "pids.current " + current + " <= 5");
        assertEquals("running", status(id));
    }

    @Test
    void memoryLimitIsVisibleInsideTheContainersCgroupNamespace() {
        Bundle b = newBundle().sh("cat /sys/fs/cgroup/memory/memory.limit_in_bytes; cat /proc/self/cgroup | grep ':memory:'");
        b.linux().with("resources").putObject("memory").put("limit", 32L * 1024 * 1024);
        List<String> out = output(b).lines().toList();
        assertEquals(Long.toString(32L * 1024 * 1024), out.get(0));
        assertEquals("4:memory:/", out.get(1).replaceFirst("^\\d+:", "4:"), "cgroup namespace root is the container's cgroup");
    }

    /** runc remounts the tmpfs under a read-only v1 cgroup mount read-only as well. */
    @Test
    void readOnlyCgroupMountLeavesNothingWritableAndRwKeepsTheTmpfsWritable() {
        String probe = "mkdir /sys/fs/cgroup/new 2>&1 && echo tmpfs-writable;"
                + " touch /sys/fs/cgroup/memory/new 2>&1 && echo controller-writable; true";
        String ro = output(newBundle().sh(probe));
        assertTrue(ro.contains("mkdir: can't create directory '/sys/fs/cgroup/new': Read-only file system"), ro);
        assertTrue(ro.contains("/sys/fs/cgroup/memory/new: Read-only file system"), ro);
        assertFalse(ro.contains("writable"), ro);

        Bundle rw = newBundle().sh(probe);
        for (var m : rw.mounts()) {
            if (m.get("destination").asText().equals("/sys/fs/cgroup")) {
                var options = ((ObjectNode) m).putArray("options");
                List.of("nosuid", "noexec", "nodev", "relatime", "rw").forEach(options::add);
            }
        }
        String out = output(rw);
        assertTrue(out.contains("tmpfs-writable"), "a rw cgroup mount keeps its tmpfs writable: " + out);
    }

    @Test
    void explicitCgroupsPath() {
        String id = newId();
        Bundle b = newBundle().args("sleep", "1000");
        b.linux().put("cgroupsPath", "/" + id + "-parent/" + id);
        b.write();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path mem = Host.cgroupDir(pid, "memory");
        assertEquals(Path.of(Host.cgroupMountPoint("memory").toString(), id + "-parent", id), mem);
        rt.ok("delete", "--force", id);
        assertFalse(Files.exists(mem), "container cgroup removed: " + mem);
        // Parents are not the runtime's to remove (runc leaves them); this test made it, so it removes it.
        for (Path parent : Host.cgroupDirsMentioning(List.of(id + "-parent"))) {
            try {
                Files.deleteIfExists(parent);
            } catch (java.io.IOException e) {
                throw new AssertionError("parent cgroup " + parent + " is not empty after delete", e);
            }
        }
    }
}
