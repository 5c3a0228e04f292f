package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** create → start → exit → delete, with {@code state} at every step, and the lifecycle errors. */
class LifecycleTest extends ConformanceTest {

    /** A container that prints "started" and exits once the host creates {@code <ctl>/go}. */
    private Bundle gatedBundle(Path ctl) throws IOException {
        Bundle b = newBundle();
        Files.createDirectories(ctl);
        b.mkdirs("/ctl");
        b.mount("/ctl", "bind", ctl.toString(), "bind", "rw");
        b.sh("echo started; while [ ! -e /ctl/go ]; do sleep 0.05; done; echo finished");
        b.config().putObject("annotations").put("org.jrunc.test", "lifecycle");
        return b.write();
    }

    private static void assertIsoInstant(String s) {
        Instant t = Instant.parse(s);
        assertTrue(t.isAfter(Instant.now().minusSeconds(600)) && t.isBefore(Instant.now().plusSeconds(60)),
                "created timestamp " + s + " is not now-ish");
        assertTrue(s.endsWith("Z"), "created must be UTC: " + s);
    }

    @Test
    void fullLifecycleWithStateAtEachStep() throws IOException {
        Path ctl = testDir.resolve("ctl");
        Bundle b = gatedBundle(ctl);
        String id = newId();
        Path pidFile = testDir.resolve("init.pid");

        Result create = rt.ok("create", "--bundle", b.dir().toString(), "--pid-file", pidFile.toString(), id);
        assertEquals("", create.stdout(), "create prints nothing on stdout");

        // created
        Result raw = rt.ok("state", id);
        String text = raw.stdout();
        assertFalse(text.endsWith("\n"), "state output must not end with a newline: " + text);
        assertTrue(text.startsWith("{\n  \"ociVersion\""), "state is indented with two spaces:\n" + text);
        JsonNode s = Bundle.JSON.readTree(text);
        List<String> keys = new ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("ociVersion", "id", "pid", "status", "bundle", "rootfs", "created", "annotations", "owner"),
                keys, "state key order");
        assertTrue(s.get("ociVersion").asText().matches("1\\.\\d+\\.\\d+.*"), "ociVersion: " + s);
        assertEquals(id, s.get("id").asText());
        assertEquals("created", s.get("status").asText());
        long pid = s.get("pid").asLong();
        assertTrue(pid > 0, "created container has a pid: " + s);
        assertTrue(Host.alive(pid), "init " + pid + " is alive");
        assertEquals(b.dir().toRealPath().toString(), s.get("bundle").asText());
        assertEquals(b.rootfs().toRealPath().toString(), s.get("rootfs").asText());
        assertIsoInstant(s.get("created").asText());
        assertEquals("lifecycle", s.path("annotations").path("org.jrunc.test").asText());
        assertEquals("", s.get("owner").asText());
        String pidText = Files.readString(pidFile);
        assertEquals(Long.toString(pid), pidText, "pid file holds exactly the pid, no newline");
        assertFalse(create.stdoutFile() == null || Invocation.read(create.stdoutFile()).contains("started"),
                "the user program must not run before start");

        // running
        assertEquals("", rt.ok("start", id).stdout());
        JsonNode running = state(id);
        assertEquals("running", running.get("status").asText());
        assertEquals(pid, running.get("pid").asLong(), "pid stays the same across start");
        assertEquals(s.get("created").asText(), running.get("created").asText());
        awaitText(create.stdoutFile(), "started");

        // stopped
        Files.createFile(ctl.resolve("go"));
        JsonNode stopped = awaitStatus(id, "stopped", Duration.ofSeconds(20));
        assertEquals(0, stopped.get("pid").asLong(), "stopped container reports pid 0");
        awaitText(create.stdoutFile(), "finished");

        // deleted
        Result del = rt.ok("delete", id);
        assertEquals("", del.stdout());
        assertFalse(Files.exists(rt.root().resolve(id)), "state dir removed by delete");
        Result gone = rt.exec("state", id);
        assertNotEquals(0, gone.exit(), gone.describe());
        assertTrue(gone.stderr().contains("container does not exist"), gone.describe());
        assertEquals(List.of(), leftovers(), "nothing is left after delete");
    }

    private static void awaitText(Path file, String marker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Invocation.read(file).contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("'" + marker + "' never appeared in container output: " + Invocation.read(file));
            }
            Host.sleep(20);
        }
    }

    /** A started container whose shell prints the name of a trapped signal and exits 42. */
    private String startTrapping() {
        Bundle b = newBundle();
        b.sh("trap 'echo got-TERM; exit 42' TERM; trap 'echo got-USR1; exit 43' USR1; echo ready; "
                + "while true; do sleep 0.05; done").write();
        String id = newId();
        Result c = rt.ok("create", "--bundle", b.dir().toString(), id);
        rt.ok("start", id);
        awaitText(c.stdoutFile(), "ready");
        lastOutput = c.stdoutFile();
        return id;
    }

    private Path lastOutput;

    @ParameterizedTest
    @ValueSource(strings = {"15", "SIGTERM", "TERM", "term", "sigterm"})
    void killDeliversSignalGivenByNumberOrName(String signal) {
        String id = startTrapping();
        assertEquals("", rt.ok("kill", id, signal).stdout());
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        awaitText(lastOutput, "got-TERM");
    }

    @Test
    void killDefaultsToSigterm() {
        String id = startTrapping();
        rt.ok("kill", id);
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        awaitText(lastOutput, "got-TERM");
    }

    @Test
    void killOtherSignalReachesInit() {
        String id = startTrapping();
        rt.ok("kill", id, "USR1");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        awaitText(lastOutput, "got-USR1");
    }

    @Test
    void killKillsCreatedContainer() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        assertFalse(Host.alive(pid), "init " + pid + " is dead after kill KILL");
    }

    @Test
    void killStoppedContainerFailsButKillAllSucceeds() {
        Bundle b = newBundle().args("true").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        rt.ok("start", id);
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        Result k = rt.exec("kill", id, "9");
        assertNotEquals(0, k.exit(), k.describe());
        assertTrue(k.stderr().contains("container not running"), k.describe());
        Result all = rt.exec("kill", "--all", id, "9");
        assertEquals(0, all.exit(), "kill --all on a stopped container exits 0 (containerd relies on it)\n" + all.describe());
        rt.ok("delete", id);
    }

    @Test
    void deleteRunningFailsWithoutForceAndSucceedsWithForce() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        rt.ok("start", id);
        long pid = state(id).get("pid").asLong();
        Result d = rt.exec("delete", id);
        assertNotEquals(0, d.exit(), d.describe());
        assertTrue(d.stderr().contains("cannot delete container " + id + " that is not stopped"), d.describe());
        assertEquals("running", status(id), "a refused delete leaves the container alone");
        rt.ok("delete", "--force", id);
        assertFalse(Host.alive(pid), "init killed by delete --force");
        Result gone = rt.exec("state", id);
        assertTrue(gone.exit() != 0 && gone.stderr().contains("container does not exist"), gone.describe());
    }

    @Test
    void deleteCreatedContainerKillsInit() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        rt.ok("delete", id);
        Host.sleep(100);
        assertFalse(Host.alive(pid), "delete of a created container kills the waiting init");
    }

    @Test
    void deleteUnknownContainer() {
        String id = newId();
        Result d = rt.exec("delete", id);
        assertNotEquals(0, d.exit(), d.describe());
        assertTrue(d.stderr().contains("container does not exist"), d.describe());
        Result f = rt.exec("delete", "--force", id);
        assertEquals(0, f.exit(), "delete --force of an unknown container exits 0\n" + f.describe());
    }

    @Test
    void startTwiceAndStartStoppedFail() {
        Bundle b = newBundle().sh("sleep 1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        rt.ok("start", id);
        Result again = rt.exec("start", id);
        assertNotEquals(0, again.exit(), again.describe());
        assertTrue(again.stderr().contains("cannot start an already running container"), again.describe());
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        Result stopped = rt.exec("start", id);
        assertNotEquals(0, stopped.exit(), stopped.describe());
        assertTrue(stopped.stderr().contains("cannot start a container that has stopped"), stopped.describe());
    }

    @Test
    void createWithExistingIdFails() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Result dup = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, dup.exit(), dup.describe());
        assertTrue(dup.stderr().contains("container with given ID already exists"), dup.describe());
        JsonNode s = state(id);
        assertEquals("created", s.get("status").asText(), "the existing container is untouched");
        assertEquals(pid, s.get("pid").asLong());
    }

    /**
     * jrunc's create is published by renaming the record into state.json (state.json.pending
     * until the init is ready): until then the id is taken, but the container does not exist
     * for state, list, start or kill.
     */
    @Test
    void containerWithoutPublishedStateDoesNotExist() throws IOException {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        long pid = state(id).get("pid").asLong();
        Path published = rt.root().resolve(id).resolve("state.json");
        Path pending = rt.root().resolve(id).resolve("state.json.pending");
        Files.move(published, pending);
        try {
            for (String[] cmd : new String[][] {{"state", id}, {"start", id}, {"kill", id, "KILL"}}) {
                Result r = rt.exec(cmd);
                assertNotEquals(0, r.exit(), r.describe());
                assertTrue(r.stderr().contains("container does not exist"), r.describe());
            }
            assertEquals("", rt.ok("list", "-q").stdout());
            Result dup = rt.exec("create", "--bundle", b.dir().toString(), id);
            assertTrue(dup.stderr().contains("container with given ID already exists"), dup.describe());
        } finally {
            Files.move(pending, published);
        }
        JsonNode s = state(id);
        assertEquals("created", s.get("status").asText(), s.toString());
        assertEquals(pid, s.get("pid").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", "x y"})
    void invalidIdIsRejected(String bad) {
        Bundle b = newBundle().args("true").write();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), bad);
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("invalid container ID format"), r.describe());
        assertEquals(List.of(), leftovers(), "nothing created for an invalid id");
    }

    @Test
    void listTableJsonAndQuiet() throws IOException {
        Bundle b = newBundle().args("sleep", "1000").write();
        String a = newId();
        String c = newId();
        rt.ok("create", "--bundle", b.dir().toString(), a);
        rt.ok("create", "--bundle", b.dir().toString(), c);
        rt.ok("start", c);

        Result q = rt.ok("list", "-q");
        assertEquals(List.of(a, c).stream().sorted().toList(), q.stdoutLines().stream().sorted().toList(), q.describe());

        Result table = rt.ok("list");
        List<String> lines = table.stdoutLines();
        assertEquals(List.of("ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"), List.of(lines.get(0).trim().split("\\s+")),
                table.describe());
        for (String[] want : new String[][] {{a, "created"}, {c, "running"}}) {
            String row = lines.stream().filter(l -> l.startsWith(want[0] + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + want[0] + "\n" + table.describe()));
            List<String> cols = List.of(row.trim().split("\\s+"));
            assertEquals(want[1], cols.get(2), row);
            assertEquals(Long.toString(state(want[0]).get("pid").asLong()), cols.get(1), row);
            assertEquals(b.dir().toRealPath().toString(), cols.get(3), row);
            Instant.parse(cols.get(4));
            assertEquals("root", cols.get(5), row);
        }

        Result json = rt.ok("list", "--format", "json");
        assertTrue(json.stdout().endsWith("\n"), "list --format json ends with a newline");
        JsonNode arr = Bundle.JSON.readTree(json.stdout());
        assertTrue(arr.isArray() && arr.size() == 2, json.describe());
        for (JsonNode e : arr) {
            JsonNode st = state(e.get("id").asText());
            assertEquals(st.get("status").asText(), e.get("status").asText());
            assertEquals(st.get("pid").asLong(), e.get("pid").asLong());
            assertEquals(st.get("bundle").asText(), e.get("bundle").asText());
            assertEquals("root", e.get("owner").asText());
        }
    }

    @Test
    void listOfEmptyRoot() throws IOException {
        Files.createDirectories(rt.root());
        assertEquals("", rt.ok("list", "-q").stdout());
        assertEquals("null", rt.ok("list", "--format", "json").stdout().trim());
    }
}
