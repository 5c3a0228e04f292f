package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every namespace type really new (inode differs from the host's) or really joined by path. */
class NamespacesTest extends ConformanceTest {

    /** OCI namespace type → /proc/self/ns entry. */
    static final Map<String, String> PROC_NAME = Map.of(
            "pid", "pid", "network", "net", "ipc", "ipc", "uts", "uts", "mount", "mnt", "cgroup", "cgroup",
            "user", "user", "time", "time");

    @ParameterizedTest
    @CsvSource({"pid", "network", "ipc", "uts", "mount", "cgroup", "time"})
    void newNamespaceDiffersFromHost(String type) {
        String ns = PROC_NAME.get(type);
        Bundle b = newBundle().namespace(type, null).sh("readlink /proc/self/ns/" + ns);
        String inside = output(b).trim();
        String host = Host.nsLink("self", ns);
        assertTrue(inside.startsWith(ns + ":["), "readlink output: " + inside);
        assertNotEquals(host, inside, type + " namespace must be new");
    }

    @ParameterizedTest
    @CsvSource({"network, net", "ipc, ipc", "uts, uts", "cgroup, cgroup"})
    void omittedNamespaceIsTheHosts(String type, String ns) {
        Bundle b = newBundle().withoutNamespace(type).sh("readlink /proc/self/ns/" + ns);
        if (type.equals("uts")) {
            b.config().remove("hostname"); // a hostname needs a private UTS namespace
        }
        assertEquals(Host.nsLink("self", ns), output(b).trim(), "without a " + type + " entry the host's is kept");
    }

    @Test
    void pidNamespaceMakesTheProcessPid1() {
        assertEquals("1", output(newBundle().sh("echo $$")).trim());
    }

    @Test
    void newUserNamespaceWithMappings() {
        Bundle b = newBundle().namespace("user", null).sh("readlink /proc/self/ns/user; cat /proc/self/uid_map /proc/self/gid_map; id -u");
        b.linux().putArray("uidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        b.linux().putArray("gidMappings").addObject().put("containerID", 0).put("hostID", 100000).put("size", 65536);
        // sysfs and cgroup need a network/cgroup namespace owned by the user namespace; keep them simple.
        b.readonlyRoot(false);
        List<String> lines = output(b).lines().toList();
        assertNotEquals(Host.nsLink("self", "user"), lines.get(0), "user namespace must be new");
        assertEquals(List.of("0", "100000", "65536"), List.of(lines.get(1).trim().split("\\s+")), "uid_map");
        assertEquals(List.of("0", "100000", "65536"), List.of(lines.get(2).trim().split("\\s+")), "gid_map");
        assertEquals("0", lines.get(3).trim(), "root inside the user namespace");
    }

    /** Joins a namespace held by a host {@code unshare} helper. */
    @ParameterizedTest
    @CsvSource({"network, net, --net", "ipc, ipc, --ipc", "uts, uts, --uts", "mount, mnt, --mount",
            "cgroup, cgroup, --cgroup"})
    void joinNamespaceByPath(String type, String ns, String unshareFlag) {
        Process p = helper("unshare", unshareFlag, "sleep", "1000");
        String path = "/proc/" + p.pid() + "/ns/" + ns;
        String target = awaitNsChange(p.pid(), ns);
        Bundle b = newBundle().namespace(type, path).sh("readlink /proc/self/ns/" + ns);
        assertEquals(target, output(b).trim(), "joined " + path);
    }

    @Test
    void joinPidNamespaceByPath() {
        Process p = helper("unshare", "--pid", "--fork", "sleep", "1000");
        String target = awaitNsChange(p.pid(), "pid_for_children");
        String path = "/proc/" + p.pid() + "/ns/pid_for_children";
        Bundle b = newBundle().namespace("pid", path).sh("readlink /proc/self/ns/pid; echo $$");
        List<String> out = output(b).lines().toList();
        assertEquals(target, out.get(0), "joined " + path);
        assertNotEquals("1", out.get(1), "the namespace already has its init (the helper's sleep)");
    }

    @Test
    void joinAnotherContainersNetworkNamespace() {
        Bundle first = newBundle().args("sleep", "1000").write();
        String a = newId();
        rt.ok("run", "-d", "--bundle", first.dir().toString(), a);
        long pid = awaitStatus(a, "running", Duration.ofSeconds(20)).get("pid").asLong();
        String target = Host.nsLink(Long.toString(pid), "net");
        Bundle second = newBundle().namespace("network", "/proc/" + pid + "/ns/net").sh("readlink /proc/self/ns/net");
        assertEquals(target, output(second).trim());
        assertNotEquals(Host.nsLink("self", "net"), target);
    }

    /** Waits until the helper has left the host namespace (unshare has run) and returns its link. */
    private static String awaitNsChange(long pid, String ns) {
        String host = Host.nsLink("self", ns.equals("pid_for_children") ? "pid" : ns);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String l = Host.nsLink(Long.toString(pid), ns);
                if (!l.equals(host) && !l.isEmpty()) {
                    return l;
                }
            } catch (RuntimeException e) {
                // not yet there
            }
            Host.sleep(20);
        }
        throw new AssertionError("helper " + pid + " never entered a new " + ns + " namespace");
    }
}
