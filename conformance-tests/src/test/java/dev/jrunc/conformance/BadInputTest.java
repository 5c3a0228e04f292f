package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each class of bad input: {@code create} exits non-zero with exactly one line on stderr that
 * names the problem (runc's phrase where runc has one), prints nothing on stdout, and leaves
 * nothing behind: no state dir under --root, no cgroup, no process, no mount.
 */
class BadInputTest extends ConformanceTest {

    /** A broken bundle: how to break it and what the one stderr line must match. */
    record Case(String name, Consumer<Bundle> breakIt, String pattern) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Consumer<Bundle> raw(String text) {
        return b -> {
            try {
                Files.writeString(b.dir().resolve("config.json"), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static Consumer<Bundle> edit(Consumer<Bundle> change) {
        return b -> {
            change.accept(b);
            b.write();
        };
    }

    private static void userns(Bundle b, int uidSize, int gidSize) {
        b.namespace("user", null);
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", uidSize);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", gidSize);
    }

    /** Cases runc 1.1 rejects too; the pattern is the stable part of its phrase. */
    static Stream<Case> runcCompatible() {
        return Stream.of(
                new Case("malformed JSON", raw("{\"ociVersion\": \"1.0.2\", bad}"), "config\\.json|invalid character"),
                new Case("missing config.json", b -> { }, "config\\.json not found"),
                new Case("missing process", edit(b -> b.config().remove("process")), "(?i)process"),
                new Case("empty args", edit(b -> b.args()), "args:? must not be empty"),
                new Case("relative cwd", edit(b -> b.process().put("cwd", "work")), "(?i)cwd:? must be an absolute path"),
                new Case("duplicate namespace", edit(b -> ((ArrayNode) b.linux().get("namespaces")).addObject()
                        .put("type", "pid")), "(?i)duplicate.*pid"),
                new Case("unknown namespace type", edit(b -> ((ArrayNode) b.linux().get("namespaces")).addObject()
                        .put("type", "jrunc-bogus-ns")), "jrunc-bogus-ns"),
                new Case("user namespace without mappings", edit(b -> b.namespace("user", null)), "(?i)mapping"),
                new Case("zero-size uid mapping", edit(b -> userns(b, 0, 65536)), "(?i)mapping"),
                new Case("unknown rlimit", edit(b -> ((ArrayNode) b.process().get("rlimits")).addObject()
                        .put("type", "RLIMIT_JRUNC").put("soft", 1).put("hard", 1)), "RLIMIT_JRUNC"),
                new Case("missing root", edit(b -> b.config().remove("root")), "(?i)root"),
                // runc's text log format escapes the quotes: msg="... exec: \"nope\": ..."
                new Case("missing binary", edit(b -> b.args("nope")),
                        "exec: \\\\?\"nope\\\\?\": executable file not found in \\$PATH"));
    }

    /** Cases jrunc must reject (issue 2) that runc 1.1.5 accepts; see Tags.RUNC_1_1_FAILS. */
    static Stream<Case> stricterThanRunc() {
        return Stream.of(
                new Case("time offsets for a joined time namespace", edit(b -> {
                    b.namespace("time", "/proc/self/ns/time");
                    b.linux().putObject("timeOffsets").putObject("monotonic").put("secs", 5).put("nanosecs", 0);
                }), "linux\\.timeOffsets"),
                new Case("idmap on a mount that is not a bind", edit(b -> b.mount("/idm", "tmpfs", "tmpfs", "idmap")),
                        "mounts\\[\\d+\\]: id-mapped mounts are only supported for bind-mounts"),
                new Case("idmap with no mappings anywhere", edit(b -> b.mount("/idm", "bind", "/tmp", "rbind", "idmap")),
                        "mounts\\[\\d+\\]\\.options: idmap without"),
                new Case("hook timeout of zero", edit(b -> b.config().putObject("hooks")
                        .putArray("prestart").addObject().put("path", "/bin/true").put("timeout", 0)),
                        "hooks\\.prestart\\[0\\]\\.timeout"),
                new Case("unsupported ociVersion", edit(b -> b.config().put("ociVersion", "2.0.0")), "ociVersion"),
                new Case("relative mount destination", edit(b -> b.mount("rel/x", "tmpfs", "tmpfs")),
                        "(?i)destination|mounts\\["),
                new Case("duplicate rlimit", edit(b -> {
                    ObjectNode r = ((ArrayNode) b.process().get("rlimits")).addObject();
                    r.put("type", "RLIMIT_NOFILE").put("soft", 10).put("hard", 10);
                }), "(?i)duplicate.*RLIMIT_NOFILE|RLIMIT_NOFILE.*duplicate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runcCompatible")
    void rejectedWithOneLineAndNothingLeft(Case c) {
        check(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stricterThanRunc")
    @Tag(Tags.RUNC_1_1_FAILS)
    void rejectedAlthoughRuncAcceptsIt(Case c) {
        check(c);
    }

    private void check(Case c) {
        Bundle b = newBundle().args("true");
        c.breakIt().accept(b);
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), c.name() + " must fail\n" + r.describe());
        assertEquals("", r.stdout(), "nothing on stdout\n" + r.describe());
        List<String> lines = r.stderrLines();
        assertEquals(1, lines.size(), "exactly one line on stderr\n" + r.describe());
        assertTrue(Pattern.compile(c.pattern()).matcher(lines.get(0)).find(),
                "stderr must match /" + c.pattern() + "/\n" + r.describe());
        assertEquals(List.of(), awaitNoLeftovers(java.time.Duration.ofSeconds(2)), "nothing left after a failed create");
        Result s = rt.exec("state", id);
        assertTrue(s.exit() != 0 && s.stderr().contains("container does not exist"), s.describe());
    }
}
