package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The {@code process} object: env, cwd, user (uid/gid/additionalGids/umask), rlimits, argv. */
class ProcessTest extends ConformanceTest {

    @Test
    void environmentIsExactlyTheConfiguredOne() {
        Bundle b = newBundle().args("env");
        b.process().putArray("env").add("PATH=/bin:/usr/bin").add("FOO=bar baz").add("EMPTY=").add("X=a=b");
        List<String> env = output(b).lines().sorted().toList();
        assertTrue(env.containsAll(List.of("PATH=/bin:/usr/bin", "FOO=bar baz", "EMPTY=", "X=a=b")), "env: " + env);
        for (String line : env) {
            String key = line.substring(0, line.indexOf('='));
            assertTrue(Set.of("PATH", "FOO", "EMPTY", "X", "HOME", "TERM").contains(key),
                    "unexpected variable leaked into the container: " + line + " in " + env);
        }
    }

    @Test
    void homeIsSetFromPasswdWhenNotConfigured() {
        Bundle b = newBundle().args("sh", "-c", "echo HOME=$HOME");
        b.process().putArray("env").add("PATH=/bin");
        assertEquals("HOME=/root", output(b).trim());
    }

    @Test
    void argvIsPassedVerbatimAndPathIsSearched() {
        Bundle b = newBundle().args("echo", "a b", "", "*", "$HOME");
        assertEquals("a b  * $HOME\n", output(b));
    }

    @Test
    void cwdIsTheConfiguredDirectory() {
        Bundle b = newBundle().args("pwd");
        b.mkdirs("/work/dir");
        b.process().put("cwd", "/work/dir");
        assertEquals("/work/dir", output(b).trim());
    }

    @Test
    void userUidGidAndAdditionalGids() {
        Bundle b = newBundle().sh("id -u; id -g; id -G");
        ObjectNode u = b.process().putObject("user");
        u.put("uid", 1000).put("gid", 1001);
        u.putArray("additionalGids").add(2000).add(3000);
        List<String> out = output(b).lines().toList();
        assertEquals("1000", out.get(0), "uid");
        assertEquals("1001", out.get(1), "gid");
        assertEquals(new TreeSet<>(List.of("1001", "2000", "3000")), new TreeSet<>(List.of(out.get(2).trim().split("\\s+"))),
                "groups");
    }

    @Test
    void userIdsSeenByTheKernel() {
        Bundle b = newBundle().sh("grep -E '^(Uid|Gid|Groups):' /proc/self/status");
        ObjectNode u = b.process().putObject("user");
        u.put("uid", 1234).put("gid", 4321);
        u.putArray("additionalGids").add(5);
        List<String> out = output(b).lines().map(l -> String.join(" ", l.trim().split("\\s+"))).toList();
        assertEquals(List.of("Uid: 1234 1234 1234 1234", "Gid: 4321 4321 4321 4321", "Groups: 5"), out);
    }

    @Test
    void umask() {
        Bundle b = newBundle().sh("umask");
        b.process().with("user").put("umask", 23); // 0027
        assertEquals("0027", output(b).trim());
    }

    @Test
    void defaultUmaskIs0022() {
        assertEquals("0022", output(newBundle().sh("umask")).trim());
    }

    @Test
    void rlimitsAreApplied() {
        Bundle b = newBundle().sh("ulimit -n; ulimit -Hn; grep -E '^Max (open files|processes|core file size)' /proc/self/limits");
        ArrayNode r = b.process().putArray("rlimits");
        r.addObject().put("type", "RLIMIT_NOFILE").put("soft", 777).put("hard", 888);
        r.addObject().put("type", "RLIMIT_NPROC").put("soft", 555).put("hard", 666);
        r.addObject().put("type", "RLIMIT_CORE").put("soft", 0).put("hard", 4096);
        List<String> out = output(b).lines().toList();
        assertEquals("777", out.get(0));
        assertEquals("888", out.get(1));
        assertEquals(List.of("Max", "core", "file", "size", "0", "4096", "bytes"), List.of(out.get(2).split("\\s+")));
        assertEquals(List.of("Max", "processes", "555", "666", "processes"), List.of(out.get(3).split("\\s+")));
        assertEquals(List.of("Max", "open", "files", "777", "888", "files"), List.of(out.get(4).split("\\s+")));
    }

    @Test
    void noNewPrivilegesIsSet() {
        Bundle b = newBundle().sh("grep NoNewPrivs /proc/self/status");
        assertEquals(List.of("NoNewPrivs:", "1"), List.of(output(b).trim().split("\\s+")));
        Bundle off = newBundle().sh("grep NoNewPrivs /proc/self/status");
        off.process().put("noNewPrivileges", false);
        assertEquals(List.of("NoNewPrivs:", "0"), List.of(output(off).trim().split("\\s+")));
    }
}
