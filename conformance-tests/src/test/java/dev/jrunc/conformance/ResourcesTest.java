package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every {@code linux.resources} field this host's v1 controllers have, written at create and
 * changed by {@code update}, read back from the cgroup files; limits observed from inside
 * (OOM kill, pids limit); and kernel or host refusals reported as one line naming the field.
 */
class ResourcesTest extends ConformanceTest {

    private static String read(Path dir, String file) {
        return Host.readFile(dir.resolve(file)).trim();
    }

    /** The first real block device's "major:minor" (throttle rules need an existing device). */
    private static String blockDevice() {
        try (var s = Files.list(Path.of("/sys/block"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith("loop")
                            && !p.getFileName().toString().startsWith("zram"))
                    .map(p -> Host.readFile(p.resolve("dev")).trim()).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no block device in /sys/block"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of runc's text log line on stderr. */
    static String errorMessage(Result r) {
        List<String> lines = r.stderrLines();
        assertEquals(1, lines.size(), "one error line\n" + r.describe());
        String line = lines.get(0);
        int at = line.indexOf("msg=\"");
        assertTrue(at >= 0, "logrus error line: " + line);
        return line.substring(at + 5, line.length() - 1).replace("\\\"", "\"");
    }

    private Path write(String name, String json) {
        Path f = testDir.resolve(name);
        try {
            Files.writeString(f, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    @Test
    void everyV1ResourceAtCreateAndAfterUpdate() {
        String dev = blockDevice();
        long major = Long.parseLong(dev.split(":")[0]);
        long minor = Long.parseLong(dev.split(":")[1]);
        Bundle b = newBundle().args("sleep", "1000");
        ObjectNode res = b.linux().with("resources");
        res.putObject("memory").put("limit", 64L << 20).put("reservation", 32L << 20).put("swap", 96L << 20)
                .put("kernel", 48L << 20).put("kernelTCP", 16L << 20).put("swappiness", 30)
                .put("disableOOMKiller", true).put("useHierarchy", true);
        res.putObject("cpu").put("shares", 512).put("quota", 50000).put("period", 100000).put("burst", 1000)
                .put("realtimePeriod", 1000000).put("realtimeRuntime", 1000).put("cpus", "0").put("mems", "0")
                .put("idle", 0);
        res.putObject("pids").put("limit", 32);
        ObjectNode bio = res.putObject("blockIO").put("weight", 500);
        bio.putArray("throttleReadBpsDevice").addObject().put("major", major).put("minor", minor).put("rate", 1048576);
        bio.putArray("throttleWriteBpsDevice").addObject().put("major", major).put("minor", minor).put("rate", 2097152);
        bio.putArray("throttleReadIOPSDevice").addObject().put("major", major).put("minor", minor).put("rate", 100);
        bio.putArray("throttleWriteIOPSDevice").addObject().put("major", major).put("minor", minor).put("rate", 200);
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path mem = Host.cgroupDir(pid, "memory");
        Path cpu = Host.cgroupDir(pid, "cpu");
        Path cpuset = Host.cgroupDir(pid, "cpuset");
        Path pids = Host.cgroupDir(pid, "pids");
        Path blkio = Host.cgroupDir(pid, "blkio");

        assertEquals(Long.toString(64L << 20), read(mem, "memory.limit_in_bytes"));
        assertEquals(Long.toString(32L << 20), read(mem, "memory.soft_limit_in_bytes"));
        assertEquals(Long.toString(96L << 20), read(mem, "memory.memsw.limit_in_bytes"));
        assertEquals(Long.toString(16L << 20), read(mem, "memory.kmem.tcp.limit_in_bytes"));
        assertEquals("30", read(mem, "memory.swappiness"));
        assertTrue(read(mem, "memory.oom_control").contains("oom_kill_disable 1"), read(mem, "memory.oom_control"));
        assertEquals("1", read(mem, "memory.use_hierarchy"));
        assertEquals("512", read(cpu, "cpu.shares"));
        assertEquals("50000", read(cpu, "cpu.cfs_quota_us"));
        assertEquals("100000", read(cpu, "cpu.cfs_period_us"));
        assertEquals("1000", read(cpu, "cpu.cfs_burst_us"));
        assertEquals("1000000", read(cpu, "cpu.rt_period_us"));
        assertEquals("1000", read(cpu, "cpu.rt_runtime_us"));
        assertEquals("0", read(cpu, "cpu.idle"));
        assertEquals("0", read(cpuset, "cpuset.cpus"));
        assertEquals("0", read(cpuset, "cpuset.mems"));
        assertEquals("32", read(pids, "pids.max"));
        String weightFile = Files.exists(blkio.resolve("blkio.bfq.weight")) ? "blkio.bfq.weight" : "blkio.weight";
        assertEquals("500", read(blkio, weightFile).replaceFirst("^default ", ""));
        assertEquals(dev + " 1048576", read(blkio, "blkio.throttle.read_bps_device"));
        assertEquals(dev + " 2097152", read(blkio, "blkio.throttle.write_bps_device"));
        assertEquals(dev + " 100", read(blkio, "blkio.throttle.read_iops_device"));
        assertEquals(dev + " 200", read(blkio, "blkio.throttle.write_iops_device"));

        // update -r FILE: runc's resources document.
        Path doc = write("update.json", """
                {"memory": {"limit": %d, "reservation": %d, "swap": %d},
                 "cpu": {"shares": 300, "quota": 20000, "period": 50000, "realtimeRuntime": 2000,
                         "realtimePeriod": 500000, "cpus": "0-1", "mems": "0"},
                 "blockIO": {"weight": 200, "throttleReadBpsDevice": [{"major": %d, "minor": %d, "rate": 4096}]},
                 "pids": {"limit": 16}}""".formatted(128L << 20, 64L << 20, 256L << 20, major, minor));
        rt.ok("update", "-r", doc.toString(), id);
        assertEquals(Long.toString(128L << 20), read(mem, "memory.limit_in_bytes"));
        assertEquals(Long.toString(64L << 20), read(mem, "memory.soft_limit_in_bytes"));
        assertEquals(Long.toString(256L << 20), read(mem, "memory.memsw.limit_in_bytes"));
        assertEquals("300", read(cpu, "cpu.shares"));
        assertEquals("20000", read(cpu, "cpu.cfs_quota_us"));
        assertEquals("50000", read(cpu, "cpu.cfs_period_us"));
        assertEquals("500000", read(cpu, "cpu.rt_period_us"));
        assertEquals("2000", read(cpu, "cpu.rt_runtime_us"));
        assertEquals("0-1", read(cpuset, "cpuset.cpus"));
        assertEquals("16", read(pids, "pids.max"));
        assertEquals("200", read(blkio, weightFile).replaceFirst("^default ", ""));
        assertEquals(dev + " 4096", read(blkio, "blkio.throttle.read_bps_device"));

        // update with flags, sizes in go-units form.
        rt.ok("update", "--memory", "100m", "--memory-reservation", "50m", "--memory-swap", "200m",
                "--cpu-share", "700", "--cpu-quota", "30000", "--cpu-period", "60000", "--cpu-rt-period", "400000",
                "--cpu-rt-runtime", "3000", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--pids-limit", "8",
                "--blkio-weight", "300", "--kernel-memory-tcp", "8m", id);
        assertEquals(Long.toString(100L << 20), read(mem, "memory.limit_in_bytes"));
        assertEquals(Long.toString(50L << 20), read(mem, "memory.soft_limit_in_bytes"));
        assertEquals(Long.toString(200L << 20), read(mem, "memory.memsw.limit_in_bytes"));
        assertEquals(Long.toString(8L << 20), read(mem, "memory.kmem.tcp.limit_in_bytes"));
        assertEquals("700", read(cpu, "cpu.shares"));
        assertEquals("30000", read(cpu, "cpu.cfs_quota_us"));
        assertEquals("60000", read(cpu, "cpu.cfs_period_us"));
        assertEquals("400000", read(cpu, "cpu.rt_period_us"));
        assertEquals("3000", read(cpu, "cpu.rt_runtime_us"));
        assertEquals("0", read(cpuset, "cpuset.cpus"));
        assertEquals("8", read(pids, "pids.max"));
        assertEquals("300", read(blkio, weightFile).replaceFirst("^default ", ""));

        // update -r - (stdin), as containerd sends it; devices in the document are ignored as runc does.
        Path stdinDoc = write("stdin.json", "{\"cpu\": {\"idle\": 1}, \"memory\": {\"swappiness\": 10},"
                + " \"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}");
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$@\" < " + stdinDoc, "sh"));
        argv.addAll(rt.argv(List.of("update", "--resources=-", id)));
        Result r = rt.spawnRaw(argv, null).await(Runtime.TIMEOUT);
        assertEquals(0, r.exit(), r.describe());
        assertEquals("1", read(cpu, "cpu.idle"));
        assertEquals("10", read(mem, "memory.swappiness"));
        rt.ok("delete", "--force", id);
    }

    @Test
    void kernelRefusalIsOneLineNamingFieldAndFileAndLeavesNothing() {
        Bundle b = newBundle().args("sleep", "1000");
        // No block device has major 250 minor 99 here: the kernel says ENODEV.
        b.linux().with("resources").putObject("blockIO").putArray("throttleReadBpsDevice").addObject()
                .put("major", 250).put("minor", 99).put("rate", 1);
        b.write();
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r.describe());
        String msg = errorMessage(r);
        assertTrue(msg.contains("linux.resources.blockIO.throttleReadBpsDevice[0]: failed to write 250:99 1 to "
                + "blkio.throttle.read_bps_device: "), msg);
        assertEquals("container does not exist", errorMessage(rt.exec("state", id)));
        assertEquals(List.of(), Host.cgroupDirsMentioning(List.of(id)), "no cgroup left behind");
    }

    @Test
    void updateErrorsAreOneLine() {
        Bundle b = newBundle().args("sleep", "1000");
        b.linux().with("resources").putObject("memory").put("limit", 64L << 20);
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        assertEquals("invalid value for memory: invalid size: 'lots'", errorMessage(rt.exec("update", "--memory", "lots", id)));
        assertEquals("invalid value for cpu-share: strconv.ParseUint: parsing \"-1\": invalid syntax",
                errorMessage(rt.exec("update", "--cpu-share", "-1", id)));
        assertEquals("Intel RDT/CAT: l3 cache schema is not enabled",
                errorMessage(rt.exec("update", "--l3-cache-schema", "L3:0=ff", id)));
        assertEquals("Intel RDT/MBA: memory bandwidth schema is not enabled",
                errorMessage(rt.exec("update", "--mem-bw-schema", "MB:0=50", id)));
        assertEquals("open /nonexistent.json: no such file or directory",
                errorMessage(rt.exec("update", "-r", "/nonexistent.json", id)));
        assertTrue(errorMessage(rt.exec("update", "-r", write("bad.json", "{bad").toString(), id))
                .contains("bad.json: invalid JSON at line 1"));
        assertEquals("linux.resources.memory.swappiness: must be between 0 and 100",
                errorMessage(rt.exec("update", "-r", write("sw.json", "{\"memory\":{\"swappiness\":101}}").toString(), id)));
        assertEquals("container does not exist", errorMessage(rt.exec("update", "--memory", "1m", "nosuch-" + id)));
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        assertEquals("container not running", errorMessage(rt.exec("update", "--memory", "1m", id)));
        rt.ok("delete", id);
    }

    @Test
    void controllersThisHostLacksAreRefusedNamingTheField() {
        String mountinfo = Host.readFile(Path.of("/proc/self/mountinfo"));
        for (String controller : List.of("hugetlb", "net_cls", "net_prio", "rdma")) {
            Assumptions.assumeFalse(mountinfo.matches("(?s).* - cgroup cgroup [^\\n]*\\b" + controller + "\\b.*"),
                    controller + " is mounted here: the refusal cannot be observed");
        }
        record Case(String json, String message) { }
        List<Case> cases = List.of(
                new Case("{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":4194304}]}",
                        "linux.resources.hugepageLimits: cannot be set: the hugetlb cgroup controller is not mounted"),
                new Case("{\"network\":{\"classID\":1048577}}",
                        "linux.resources.network.classID: cannot be set: the net_cls cgroup controller is not mounted"),
                new Case("{\"network\":{\"priorities\":[{\"name\":\"lo\",\"priority\":5}]}}",
                        "linux.resources.network.priorities: cannot be set: the net_prio cgroup controller is not mounted"),
                new Case("{\"rdma\":{\"mlx5_1\":{\"hcaHandles\":3}}}",
                        "linux.resources.rdma: cannot be set: the rdma cgroup controller is not mounted"),
                new Case("{\"unified\":{\"memory.high\":\"1000\"}}",
                        "linux.resources.unified.memory.high: no such file in the container's cgroup (is the memory "
                                + "controller enabled?)"));
        for (Case c : cases) {
            Bundle b = newBundle().args("true");
            try {
                b.linux().set("resources", Bundle.JSON.readTree(c.json()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            b.write();
            String id = newId();
            Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
            assertNotEquals(0, r.exit(), r.describe());
            assertEquals(c.message(), errorMessage(r));
            assertEquals(List.of(), Host.cgroupDirsMentioning(List.of(id)), "nothing half-created for " + c.json());
        }
    }

    @Test
    void unifiedKeysGoToTheCgroup2SideOfAHybridHost() {
        Path unified = Path.of("/sys/fs/cgroup/unified");
        Assumptions.assumeTrue(Files.exists(unified.resolve("cgroup.controllers")), "no cgroup2 hierarchy beside v1");
        Bundle b = newBundle().args("sleep", "1000");
        b.linux().with("resources").putObject("unified").put("cgroup.max.descendants", "3");
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path dir = Host.cgroupDir(pid, "");
        assertEquals("3", read(dir, "cgroup.max.descendants"));
        rt.ok("update", "-r", write("u.json", "{\"unified\":{\"cgroup.max.descendants\":\"5\"}}").toString(), id);
        assertEquals("5", read(dir, "cgroup.max.descendants"));
        rt.ok("delete", "--force", id);
    }

    @Test
    void memoryHogIsOomKilledAndEventsReportsIt() {
        Bundle b = newBundle().sh("while [ ! -e /tmp/go ]; do sleep 0.1; done; tail /dev/zero; sleep 1000");
        b.linux().with("resources").putObject("memory").put("limit", 32L << 20).put("swap", 32L << 20);
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        Invocation events = rt.spawn(List.of("events", "--interval", "60s", id), null);
        // Let events register its eventfd before the hog starts.
        Host.sleep(2500);
        try {
            Files.writeString(b.rootfs().resolve("tmp/go"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String out = events.awaitStdout("\"type\":\"oom\"", Duration.ofSeconds(30));
        assertTrue(out.lines().anyMatch(l -> l.equals("{\"type\":\"oom\",\"id\":\"" + id + "\"}")), out);
        long pid = state(id).get("pid").asLong();
        String oomControl = read(Host.cgroupDir(pid, "memory"), "memory.oom_control");
        assertTrue(oomControl.matches("(?s).*oom_kill [1-9].*"), "the kernel counted the kill: " + oomControl);
        assertEquals("running", status(id), "only the hog died; the shell goes on");
        rt.ok("kill", id, "KILL");
        Result done = events.await(Duration.ofSeconds(30));
        assertEquals(0, done.exit(), "events ends when the container stops\n" + done.describe());
        rt.ok("delete", id);
    }

    @Test
    void forkLoopStopsAtThePidsLimitAndUpdateRaisesIt() {
        // Bounded by the limit itself: the forking subshell dies at its first refused fork.
        Bundle b = newBundle().sh("(while :; do sleep 1000 & done) 2>/dev/null; exec sleep 1000");
        b.linux().with("resources").putObject("pids").put("limit", 8);
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path pids = Host.cgroupDir(pid, "pids");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!read(pids, "pids.events").matches("max [1-9]\\d*") && System.nanoTime() < deadline) {
            Host.sleep(50);
        }
        assertTrue(read(pids, "pids.events").matches("max [1-9]\\d*"), "forks were refused");
        assertTrue(Integer.parseInt(read(pids, "pids.current")) <= 8, "pids.current " + read(pids, "pids.current"));
        rt.ok("update", "--pids-limit", "100", id);
        assertEquals("100", read(pids, "pids.max"));
        rt.ok("delete", "--force", id);
        assertFalse(Files.exists(pids), "cgroup removed");
    }

    /**
     * hugetlb and net_cls/net_prio are not mounted on these hosts. In a private mount namespace
     * whose /sys/fs/cgroup is a copy of the host's plus those hierarchies, the whole container
     * life runs for real: limits at create and after update, read back, then removed.
     */
    @Test
    void hugetlbAndNetworkOnHierarchiesMountedInAPrivateNamespace() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/kernel/mm/hugepages/hugepages-2048kB")),
                "no 2MB huge pages on this kernel");
        String mountinfo = Host.readFile(Path.of("/proc/self/mountinfo"));
        Assumptions.assumeFalse(mountinfo.contains("hugetlb") || mountinfo.contains("net_cls"),
                "hugetlb or net_cls already mounted: the plain tests cover them");
        Bundle b = newBundle().args("sleep", "1000");
        ObjectNode res = b.linux().with("resources");
        res.putArray("hugepageLimits").addObject().put("pageSize", "2MB").put("limit", 4L << 20);
        res.putObject("network").put("classID", 1048577).putArray("priorities").addObject().put("name", "lo")
                .put("priority", 5);
        b.write();
        String id = newId();
        Path update = write("net.json", "{\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":8388608}],"
                + "\"network\":{\"classID\":1048578,\"priorities\":[{\"name\":\"lo\",\"priority\":7}]}}");
        String jrunc = String.join(" ", rt.argv(List.of()));
        String script = String.join("\n",
                "set -e",
                "mount --make-rprivate /",
                "orig=$(mktemp -d /tmp/jrunc-ct-cgcopy.XXXXXX)",
                "mount --rbind /sys/fs/cgroup $orig",
                "mount -t tmpfs -o mode=755 tmpfs /sys/fs/cgroup",
                "for d in $orig/*; do n=$(basename $d); mkdir /sys/fs/cgroup/$n; mount --bind $d /sys/fs/cgroup/$n; done",
                "umount -l $orig; rmdir $orig",
                "mkdir /sys/fs/cgroup/hugetlb /sys/fs/cgroup/net_cls,net_prio",
                "mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb",
                "mount -t cgroup -o net_cls,net_prio cgroup /sys/fs/cgroup/net_cls,net_prio",
                "J='" + jrunc + "'",
                "trap '$J delete --force " + id + " >/dev/null 2>&1 || true' EXIT",
                "$J create --bundle " + b.dir() + " " + id,
                "pid=$($J state " + id + " | sed -n 's/.*\"pid\": \\([0-9]*\\).*/\\1/p')",
                "h=/sys/fs/cgroup/hugetlb$(grep ':hugetlb:' /proc/$pid/cgroup | cut -d: -f3)",
                "n=/sys/fs/cgroup/net_cls,net_prio$(grep ':net_cls,net_prio:' /proc/$pid/cgroup | cut -d: -f3)",
                "echo create $(cat $h/hugetlb.2MB.limit_in_bytes) $(cat $n/net_cls.classid) $(grep '^lo ' $n/net_prio.ifpriomap)",
                "$J update -r " + update + " " + id,
                "echo update $(cat $h/hugetlb.2MB.limit_in_bytes) $(cat $n/net_cls.classid) $(grep '^lo ' $n/net_prio.ifpriomap)",
                "$J delete --force " + id,
                "test ! -e $h && test ! -e $n && echo removed");
        Result r = rt.spawnRaw(List.of("unshare", "-m", "sh", "-c", script), null).await(Runtime.TIMEOUT);
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("create 4194304 1048577 lo 5", "update 8388608 1048578 lo 7", "removed"), r.stdoutLines());
    }
}
