package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The six hook kinds (runtime-spec config.md "POSIX-platform Hooks", runtime.md "Lifecycle"):
 * each writes a marker with the state it got on stdin, its mount namespace, env and argv, so
 * the test sees where, when and with what every kind ran; and what a failing or hanging hook
 * of each kind does to the command that runs it.
 */
class HooksTest extends ConformanceTest {
    private static final List<String> ALL_KINDS =
            List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    /**
     * $1 = kind, $2 = marker dir. Records the state, the mount namespace, env, argv, and for
     * a state with a pid, what that pid is executing; then appends the kind to "order".
     */
    private static final String MARKER_SCRIPT = """
            kind=$1; dir=$2
            cat > "$dir/$kind.json"
            readlink /proc/self/ns/mnt > "$dir/$kind.mnt"
            echo "$HOOK_ENV" > "$dir/$kind.env"
            tr '\\0' ' ' < /proc/self/cmdline > "$dir/$kind.cmdline"
            pid=$(sed -n 's/.*"pid":\\([0-9]*\\).*/\\1/p' "$dir/$kind.json")
            if [ -n "$pid" ]; then readlink /proc/$pid/exe > "$dir/$kind.exe"; fi
            echo "$kind" >> "$dir/order"
            """;

    private Path markers;

    /** A container whose process marks "proc" in /markers and waits for /markers/go. */
    private Bundle bundle() throws IOException {
        markers = testDir.resolve("markers");
        Files.createDirectories(markers);
        Bundle b = newBundle();
        b.mkdirs("/markers");
        b.mount("/markers", "bind", markers.toString(), "bind", "rw");
        b.sh("echo proc >> /markers/order; readlink /proc/self/ns/mnt > /markers/proc.mnt; "
                + "while [ ! -e /markers/go ]; do sleep 0.05; done");
        b.config().putObject("annotations").put("org.jrunc.test", "hooks <&>");
        return b;
    }

    private static ArrayNode hookList(Bundle b, String kind) {
        ObjectNode hooks = b.config().has("hooks") ? (ObjectNode) b.config().get("hooks") : b.config().putObject("hooks");
        return hooks.has(kind) ? (ArrayNode) hooks.get(kind) : hooks.putArray(kind);
    }

    /**
     * A marker hook: /bin/sh (the host's, or busybox's for startContainer) with an argv[0] of
     * its own, which still ends in "/sh" (busybox picks its applet by that basename).
     */
    private static void markerHook(Bundle b, String kind, String dir) {
        ObjectNode h = hookList(b, kind).addObject().put("path", "/bin/sh");
        h.putArray("args").add("/hook-" + kind + "/sh").add("-c").add(MARKER_SCRIPT).add("script").add(kind).add(dir);
        h.putArray("env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin").add("HOOK_ENV=env-of-" + kind);
        h.put("timeout", 30);
    }

    private static void shellHook(Bundle b, String kind, String script, Integer timeout) {
        ObjectNode h = hookList(b, kind).addObject().put("path", "/bin/sh");
        h.putArray("args").add("sh").add("-c").add(script);
        h.putArray("env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        if (timeout != null) {
            h.put("timeout", timeout);
        }
    }

    /** Every kind, each with its marker: the container kinds' markers go through the /markers bind. */
    private Bundle allKinds() throws IOException {
        Bundle b = bundle();
        for (String kind : ALL_KINDS) {
            // createContainer runs before pivot_root: the host's tree (and the host path) is still there.
            markerHook(b, kind, kind.equals("startContainer") ? "/markers" : markers.toString());
        }
        return b.write();
    }

    private List<String> order() throws IOException {
        Path f = markers.resolve("order");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    private JsonNode stateOf(String kind) throws IOException {
        return Bundle.JSON.readTree(Files.readString(markers.resolve(kind + ".json")));
    }

    private String marker(String kind, String what) throws IOException {
        return Files.readString(markers.resolve(kind + "." + what)).trim();
    }

    private static String hostMountNs() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
    }

    private void awaitInOrder(String kind) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!order().contains(kind) && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertTrue(order().contains(kind), kind + " never ran: " + order());
    }

    @Test
    void everyKindRunsWhereAndWhenTheSpecSaysWithTheStateOnStdin() throws IOException {
        Bundle b = allKinds();
        String id = newId();
        String hostNs = hostMountNs();

        rt.ok("create", "--bundle", b.dir().toString(), id);
        assertEquals(List.of("prestart", "createRuntime", "createContainer"), order(),
                "create runs prestart, createRuntime, createContainer in that order, and nothing else");
        int pid = state(id).path("pid").asInt();
        assertTrue(pid > 0);

        rt.ok("start", id);
        awaitInOrder("proc");
        List<String> afterStart = order();
        assertTrue(afterStart.contains("poststart"), "poststart runs before start returns: " + afterStart);
        assertTrue(afterStart.indexOf("startContainer") >= 0
                        && afterStart.indexOf("startContainer") < afterStart.indexOf("proc"),
                "startContainer runs after start and before the process: " + afterStart);
        assertEquals("/bin/busybox", marker("poststart", "exe"),
                "poststart runs once the container's process has been executed");
        assertFalse(afterStart.contains("poststop"));

        Files.createFile(markers.resolve("go"));
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        assertFalse(order().contains("poststop"), "poststop only runs at delete");
        rt.ok("delete", id);
        assertEquals(List.of("poststop"), order().subList(order().size() - 1, order().size()));
        assertEquals(6 + 1, order().size(), "every hook ran exactly once: " + order());

        // Namespaces: the runtime's kinds in the host's, the container's kinds in the container's.
        String containerNs = marker("proc", "mnt");
        assertNotEquals(hostNs, containerNs);
        for (String kind : List.of("prestart", "createRuntime", "poststart", "poststop")) {
            assertEquals(hostNs, marker(kind, "mnt"), kind + " runs in the runtime's mount namespace");
        }
        for (String kind : List.of("createContainer", "startContainer")) {
            assertEquals(containerNs, marker(kind, "mnt"), kind + " runs in the container's mount namespace");
        }

        // The state on stdin: runc's fields, status per phase, the host pid for the runtime's kinds.
        for (String kind : ALL_KINDS) {
            JsonNode s = stateOf(kind);
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            List<String> expectedKeys = kind.equals("poststop")
                    ? List.of("ociVersion", "id", "status", "bundle", "annotations")
                    : List.of("ociVersion", "id", "status", "pid", "bundle", "annotations");
            assertEquals(expectedKeys, keys, kind + " state keys: " + s);
            assertEquals(id, s.path("id").asText(), kind);
            assertEquals(b.dir().toString(), s.path("bundle").asText(), kind);
            assertEquals("hooks <&>", s.path("annotations").path("org.jrunc.test").asText(), kind);
            assertFalse(s.path("ociVersion").asText().isEmpty(), kind);
        }
        assertTrue(Files.readString(markers.resolve("prestart.json")).contains("\\u003c\\u0026\\u003e"),
                "annotations are escaped as Go's encoding/json does");
        assertEquals("creating", stateOf("prestart").path("status").asText());
        assertEquals("creating", stateOf("createRuntime").path("status").asText());
        assertEquals("creating", stateOf("createContainer").path("status").asText());
        assertEquals("created", stateOf("startContainer").path("status").asText());
        assertEquals("running", stateOf("poststart").path("status").asText());
        assertEquals("stopped", stateOf("poststop").path("status").asText());
        assertEquals(pid, stateOf("prestart").path("pid").asInt());
        assertEquals(pid, stateOf("createRuntime").path("pid").asInt());
        assertEquals(pid, stateOf("poststart").path("pid").asInt());
        // As runc: the init's own getpid(), i.e. 1 in the container's pid namespace.
        assertEquals(1, stateOf("createContainer").path("pid").asInt());
        assertEquals(1, stateOf("startContainer").path("pid").asInt());

        // env and args exactly as configured, argv[0] included.
        for (String kind : ALL_KINDS) {
            assertEquals("env-of-" + kind, marker(kind, "env"), kind + " env");
            String cmdline = marker(kind, "cmdline");
            assertTrue(cmdline.startsWith("/hook-" + kind + "/sh -c "), kind + " argv[0]: " + cmdline);
            assertTrue(cmdline.endsWith(" script " + kind + " " + (kind.equals("startContainer") ? "/markers" : markers)),
                    kind + " args: " + cmdline);
        }
        assertTrue(awaitNoLeftovers(Duration.ofSeconds(5)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prestart", "createRuntime", "createContainer"})
    void aFailingCreatePhaseHookFailsCreateAndLeavesNothing(String kind) throws IOException {
        Bundle b = bundle();
        markerHook(b, "poststop", markers.toString());
        shellHook(b, kind, "echo to-stdout; echo the-reason >&2; exit 3", null);
        b.write();
        String id = newId();

        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), r.describe());
        List<String> lines = r.stderrLines();
        assertEquals(1, lines.size(), "one line: " + r.describe());
        String line = lines.get(0);
        assertTrue(line.contains("error running " + kind + " hook #0: exit status 3"), line);
        assertTrue(line.contains("stderr: the-reason"), line);
        assertTrue(line.contains("stdout: to-stdout"), line);
        assertNotEquals(0, rt.exec("state", id).exit(), "the container must not exist");
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
        assertFalse(order().contains("proc"), "the process never ran");
    }

    @Test
    void aHookPastItsTimeoutIsKilledAndFailsCreate() throws IOException {
        Bundle b = bundle();
        shellHook(b, "createRuntime", "echo $$ > " + markers.resolve("hung.pid") + "; exec sleep 60", 1);
        b.write();
        String id = newId();

        long start = System.nanoTime();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(millis < 6000, "create must fail soon after the 1 s timeout, took " + millis + " ms");
        assertEquals(1, r.stderrLines().size(), r.describe());
        assertTrue(r.stderrLines().get(0).contains(
                "error running createRuntime hook #0: hook ran past specified timeout of 1.0s"), r.describe());
        long hung = Long.parseLong(Files.readString(markers.resolve("hung.pid")).trim());
        assertFalse(Host.alive(hung), "the timed-out hook was killed");
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    @Test
    void aHookThatCannotBeExecutedFailsCreateInGoWords() throws IOException {
        Bundle b = bundle();
        hookList(b, "createRuntime").addObject().put("path", testDir.resolve("no-such-hook").toString());
        b.write();
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("error running createRuntime hook #0: fork/exec "
                + testDir.resolve("no-such-hook") + ": no such file or directory"), r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    /** runtime-spec: an error, and the container stopped before its process runs. */
    @Test
    void aFailingStartContainerHookFailsStartAndStopsTheContainerBeforeItsProcess() throws IOException {
        Bundle b = bundle();
        shellHook(b, "startContainer", "echo not-today >&2; exit 4", null);
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);
        Result start = rt.exec("start", id);
        assertNotEquals(0, start.exit(), start.describe());
        assertEquals(1, start.stderrLines().size(), start.describe());
        assertTrue(start.stderrLines().get(0).contains(
                "error running startContainer hook #0: exit status 4, stdout: , stderr: not-today"), start.describe());
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        assertFalse(order().contains("proc"), "the process must not run after a failed startContainer hook");
        rt.ok("delete", id);
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    /** runtime-spec: failing poststart and poststop hooks are warnings; the rest run, the command succeeds. */
    @Test
    void failingPoststartAndPoststopHooksWarnAndTheLifecycleGoesOn() throws IOException {
        Bundle b = bundle();
        shellHook(b, "poststart", "echo start-failed >&2; exit 5", null);
        markerHook(b, "poststart", markers.toString());
        shellHook(b, "poststop", "echo stop-failed >&2; exit 6", null);
        markerHook(b, "poststop", markers.toString());
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), id);

        Result start = rt.exec("start", id);
        assertEquals(0, start.exit(), start.describe());
        assertTrue(start.stderr().contains("level=warning")
                && start.stderr().contains("error running poststart hook #0: exit status 5")
                && start.stderr().contains("start-failed"), start.describe());
        awaitInOrder("poststart");
        assertEquals("running", status(id));

        Files.createFile(markers.resolve("go"));
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        Result delete = rt.exec("delete", id);
        assertEquals(0, delete.exit(), delete.describe());
        assertTrue(delete.stderr().contains("level=warning")
                && delete.stderr().contains("error running poststop hook #0: exit status 6"), delete.describe());
        assertEquals("poststop", order().get(order().size() - 1), "the second poststop hook still ran");
        assertNotEquals(0, rt.exec("state", id).exit(), "the container is gone");
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    @Test
    void foregroundRunRunsEveryKindAndPoststopAfterTheContainerIsGone() throws IOException {
        Bundle b = allKinds();
        b.sh("echo proc >> /markers/order");
        String id = newId();
        Result r = runForeground(b, id);
        assertEquals(0, r.exit(), r.describe());
        List<String> o = order();
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer"), o.subList(0, 4), o.toString());
        assertTrue(o.contains("poststart") && o.contains("proc"), o.toString());
        assertEquals("poststop", o.get(o.size() - 1), o.toString());
        assertEquals(7, o.size(), o.toString());
        assertEquals("stopped", stateOf("poststop").path("status").asText());
        assertNotEquals(0, rt.exec("state", id).exit(), "run removed the container");
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    @Test
    void detachedRunRunsPoststartAndDeleteRunsPoststop() throws IOException {
        Bundle b = bundle();
        markerHook(b, "poststart", markers.toString());
        markerHook(b, "poststop", markers.toString());
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        assertTrue(order().contains("poststart"), "poststart ran before run -d returned: " + order());
        assertEquals("/bin/busybox", marker("poststart", "exe"));
        Files.createFile(markers.resolve("go"));
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        rt.ok("delete", id);
        assertEquals("poststop", order().get(order().size() - 1));
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }

    @Test
    void featuresListsEveryHookKind() throws IOException {
        JsonNode f = Bundle.JSON.readTree(rt.ok("features").stdout());
        List<String> hooks = new ArrayList<>();
        f.path("hooks").forEach(h -> hooks.add(h.asText()));
        assertEquals(ALL_KINDS, hooks);
    }
}
