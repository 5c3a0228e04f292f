package dev.jrunc.conformance;

import static dev.jrunc.conformance.ResourcesTest.errorMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** pause, resume, ps, events, kill --all and delete of leftovers, as runc does them, on real containers. */
class CommandsTest extends ConformanceTest {

    private static String read(Path file) {
        return Host.readFile(file).trim();
    }

    private static List<Long> procs(long pid, String controller) {
        List<Long> out = new ArrayList<>();
        for (String l : Host.readFile(Host.cgroupDir(pid, controller).resolve("cgroup.procs")).lines().toList()) {
            if (!l.isBlank()) {
                out.add(Long.parseLong(l.trim()));
            }
        }
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return Bundle.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void pauseFreezesAndResumeThaws() {
        Bundle b = newBundle().readonlyRoot(false)
                .sh("i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; done");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        Path counter = b.rootfs().resolve("tmp/counter");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(counter) && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        rt.ok("pause", id);
        assertEquals("paused", status(id));
        long pid = state(id).get("pid").asLong();
        assertEquals("FROZEN", read(Host.cgroupDir(pid, "freezer").resolve("freezer.state")));
        String before = read(counter);
        Host.sleep(500);
        assertEquals(before, read(counter), "no progress while paused");
        Result again = rt.exec("pause", id);
        assertEquals(1, again.exit());
        assertEquals("container not running", errorMessage(again));

        rt.ok("resume", id);
        assertEquals("running", status(id));
        // The loop truncates the file before each write: an empty read is a moment, not a value.
        String after = read(counter);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((after.isEmpty() || after.equals(before)) && System.nanoTime() < until) {
            Host.sleep(20);
            after = read(counter);
        }
        assertNotEquals(before, after, "progress after resume");
        assertFalse(after.isEmpty(), "the counter is written again after resume");
        Result notPaused = rt.exec("resume", id);
        assertEquals(1, notPaused.exit());
        assertEquals("container not paused", errorMessage(notPaused));

        // A paused container is deleted with --force: thawed, killed, removed.
        rt.ok("pause", id);
        rt.ok("delete", "--force", id);
        assertEquals(List.of(), Host.cgroupDirsMentioning(List.of(id)));
    }

    @Test
    void psListsExactlyTheContainersProcesses() {
        Bundle b = newBundle().sh("sleep 1000 & wait");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (procs(pid, "pids").size() < 2 && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        List<Long> inCgroup = procs(pid, "pids");
        assertEquals(2, inCgroup.size(), "sh and sleep: " + inCgroup);

        Result json = rt.ok("ps", "--format", "json", id);
        assertTrue(json.stdout().endsWith("]\n"), "one JSON line with a newline: " + json.stdout());
        List<Long> listed = new ArrayList<>();
        json(json.stdout()).forEach(n -> listed.add(n.asLong()));
        assertEquals(new TreeSet<>(inCgroup), new TreeSet<>(listed));

        List<String> table = rt.ok("ps", id).stdoutLines();
        assertTrue(table.get(0).matches("UID\\s+PID\\s+PPID.*CMD"), table.get(0));
        assertEquals(3, table.size(), "header + sh + sleep: " + table);
        List<Long> tablePids = table.subList(1, 3).stream().map(l -> Long.parseLong(l.trim().split("\\s+")[1])).toList();
        assertEquals(new TreeSet<>(inCgroup), new TreeSet<>(tablePids));

        List<String> custom = rt.ok("ps", id, "-o", "pid,comm").stdoutLines();
        assertEquals("PID COMMAND", custom.get(0).trim().replaceAll("\\s+", " "));
        assertEquals(List.of("sh", "sleep"), custom.subList(1, custom.size()).stream()
                .map(l -> l.trim().split("\\s+")[1]).sorted().toList());

        assertEquals("invalid format option", errorMessage(rt.exec("ps", "--format", "xml", id)));
        assertEquals("couldn't find PID field in ps output", errorMessage(rt.exec("ps", id, "-o", "comm")));
        rt.ok("delete", "--force", id);
    }

    @Test
    void eventsStatsMatchTheCgroupFiles() {
        Bundle b = newBundle().sh("sleep 1000 & sleep 1000 & wait");
        b.linux().with("resources").putObject("memory").put("limit", 64L << 20);
        b.linux().with("resources").putObject("pids").put("limit", 20);
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (procs(pid, "pids").size() < 3 && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        Result r = rt.ok("events", "--stats", id);
        assertEquals(1, r.stdoutLines().size(), "one JSON object on one line: " + r.stdout());
        JsonNode e = json(r.stdout());
        assertEquals("stats", e.get("type").asText());
        assertEquals(id, e.get("id").asText());
        List<String> keys = new ArrayList<>();
        e.get("data").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("cpu", "cpuset", "memory", "pids", "blkio", "hugetlb", "intel_rdt", "network_interfaces"),
                keys, "runc's field order");
        JsonNode data = e.get("data");
        assertEquals(Long.parseLong(read(Host.cgroupDir(pid, "pids").resolve("pids.current"))),
                data.at("/pids/current").asLong());
        assertEquals(20, data.at("/pids/limit").asLong());
        assertEquals(64L << 20, data.at("/memory/usage/limit").asLong());
        long usage = data.at("/memory/usage/usage").asLong();
        assertTrue(usage > 0 && usage <= 64L << 20, "memory usage within the limit: " + usage);
        assertTrue(data.at("/memory/raw").has("rss"), "memory.stat as raw: " + data.at("/memory/raw"));
        long cpuTotal = Long.parseLong(read(Host.cgroupDir(pid, "cpuacct").resolve("cpuacct.usage")));
        assertTrue(data.at("/cpu/usage/total").asLong() > 0 && data.at("/cpu/usage/total").asLong() <= cpuTotal,
                "cpu total " + data.at("/cpu/usage/total") + " <= now " + cpuTotal);
        assertTrue(data.get("network_interfaces").isNull());

        Invocation stream = rt.spawn(List.of("events", "--interval", "200ms", id), null);
        String out = stream.awaitStdout("\n{\"type\":\"stats\"", Duration.ofSeconds(20));
        assertTrue(out.lines().allMatch(l -> l.startsWith("{\"type\":\"stats\",\"id\":\"" + id + "\",\"data\":{")), out);
        rt.ok("kill", id, "KILL");
        assertEquals(0, stream.await(Duration.ofSeconds(20)).exit(), "events stops with the container");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        assertEquals("container with id " + id + " is not running", errorMessage(rt.exec("events", "--stats", id)));
        rt.ok("delete", id);
    }

    @Test
    void deleteOfAStoppedContainerKillsItsLeftoverProcesses() {
        // Without its own pid namespace, the init's children outlive it.
        Bundle b = newBundle().readonlyRoot(false).withoutNamespace("pid")
                .sh("sleep 1000 & echo $! > /tmp/child; exit 0");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        Path childFile = b.rootfs().resolve("tmp/child");
        long child = Long.parseLong(read(childFile));
        assertTrue(Host.alive(child), "the leftover runs after the init exited");
        rt.ok("delete", id);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Host.alive(child) && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertFalse(Host.alive(child), "delete killed the leftover " + child);
        assertEquals(List.of(), Host.cgroupDirsMentioning(List.of(id)));
    }

    @Test
    void killAllReachesEveryProcessOfTheCgroup() {
        Bundle b = newBundle().withoutNamespace("pid").sh("sleep 1000 & sleep 1000 & sleep 1000 & wait");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (procs(pid, "pids").size() < 4 && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        List<Long> all = procs(pid, "pids");
        assertEquals(4, all.size(), all.toString());
        rt.ok("kill", "--all", id, "KILL");
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (all.stream().anyMatch(Host::alive) && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertEquals(List.of(), all.stream().filter(Host::alive).toList(), "every process of the cgroup got SIGKILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        rt.ok("kill", "--all", id, "KILL");
        rt.ok("delete", id);
    }

    @Test
    void featuresReportTheCgroupSupportTruthfully() {
        JsonNode cgroup = json(rt.ok("features").stdout()).at("/linux/cgroup");
        assertEquals(json("{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false,\"rdma\":true}"), cgroup);
    }

    @Test
    void unknownContainerIsOneLineForEveryNewCommand() {
        for (String[] cmd : List.of(new String[] {"pause"}, new String[] {"resume"}, new String[] {"ps"},
                new String[] {"ps", "--format", "json"}, new String[] {"events", "--stats"},
                new String[] {"update", "--pids-limit", "5"})) {
            List<String> args = new ArrayList<>(Arrays.asList(cmd));
            args.add("jrunc-ct-nosuch");
            Result r = rt.exec(args.toArray(String[]::new));
            assertEquals(1, r.exit(), r.describe());
            assertEquals("container does not exist", errorMessage(r), String.join(" ", args));
        }
    }

    @Test
    void pauseAndResumeOfAStoppedContainerFail() {
        Bundle b = newBundle().args("true");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        assertEquals("container not running", errorMessage(rt.exec("pause", id)));
        assertEquals("container not paused", errorMessage(rt.exec("resume", id)));
        rt.ok("delete", id);
    }
}
