package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Containers run by root with a user namespace (issue 6 parts 2-4): id mappings with several
 * ranges, files written inside owned by the mapped ids on the host, id-mapped bind mounts
 * with and without a container user namespace, and time namespace offsets for run and exec.
 */
class UserNamespaceTest extends ConformanceTest {

    /** Host uid and gid of a file, "uid:gid". */
    private static String owner(Path p) {
        try {
            Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return uid + ":" + gid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host directory under the test dir, owned by {@code uid:gid}, mode 0777. */
    private Path hostDir(String name, int uid, int gid) {
        Path d = testDir.resolve(name);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Host.command(List.of("chown", uid + ":" + gid, d.toString()));
        Host.command(List.of("chmod", "0777", d.toString()));
        assertEquals(uid + ":" + gid, owner(d));
        return d;
    }

    private static void map(ArrayNode list, long containerId, long hostId, long size) {
        list.addObject().put("containerID", containerId).put("hostID", hostId).put("size", size);
    }

    /** A user namespace mapping 0..65535 to 100000..165535 for uids and gids. */
    private static Bundle withUserns(Bundle b) {
        b.namespace("user", null);
        map(b.linux().putArray("uidMappings"), 0, 100000, 65536);
        map(b.linux().putArray("gidMappings"), 0, 100000, 65536);
        b.readonlyRoot(false);
        return b;
    }

    private static void addCapability(Bundle b, String cap) {
        ObjectNode caps = (ObjectNode) b.process().get("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ((ArrayNode) caps.get(set)).add(cap);
        }
    }

    /**
     * A bind mount; its target is made in the rootfs now: the rootfs belongs to the host's
     * root, which the container's user namespace does not map, so its root cannot create it.
     */
    private static ObjectNode bind(Bundle b, String destination, Path source, String... options) {
        b.mkdirs(destination.substring(1));
        b.mount(destination, "bind", source.toString(), options);
        return (ObjectNode) b.mounts().get(b.mounts().size() - 1);
    }

    @Test
    void multipleRangesMapIdsInsideAndOnTheHost() {
        Path data = hostDir("data", 100000, 100000);
        Bundle b = newBundle().namespace("user", null).readonlyRoot(false);
        ArrayNode uids = b.linux().putArray("uidMappings");
        map(uids, 0, 100000, 1000);
        map(uids, 1000, 200000, 1000);
        ArrayNode gids = b.linux().putArray("gidMappings");
        map(gids, 0, 100000, 1000);
        map(gids, 1000, 200000, 1000);
        addCapability(b, "CAP_CHOWN");
        bind(b, "/data", data, "rbind");
        b.sh("cat /proc/self/uid_map; echo --; cat /proc/self/gid_map; echo --; id -u; id -g;"
                + " touch /data/by-root /data/chowned; chown 1500:1700 /data/chowned; stat -c %u:%g /data/chowned");
        List<String> out = output(b).lines().map(String::trim).toList();
        assertEquals(List.of("0 100000 1000", "1000 200000 1000", "--", "0 100000 1000", "1000 200000 1000", "--"),
                out.subList(0, 6).stream().map(l -> l.replaceAll("\\s+", " ")).toList(), "maps seen inside");
        assertEquals(List.of("0", "0", "1500:1700"), out.subList(6, 9), "ids inside");
        assertEquals("100000:100000", owner(data.resolve("by-root")), "root inside is 100000 on the host");
        assertEquals("200500:200700", owner(data.resolve("chowned")), "1500:1700 inside is in the second range");
    }

    @Test
    void unprivilegedUserAndSupplementaryGroupsInsideTheUserNamespace() {
        Path data = hostDir("data", 100000, 100000);
        Bundle b = withUserns(newBundle());
        b.process().putObject("user").put("uid", 1000).put("gid", 1000).putArray("additionalGids").add(10);
        bind(b, "/data", data, "rbind");
        b.sh("id -u; id -G; cat /proc/self/setgroups; touch /data/by-1000");
        List<String> out = output(b).lines().map(String::trim).toList();
        assertEquals("1000", out.get(0));
        assertEquals(List.of("1000", "10"), List.of(out.get(1).split(" ")), "gid and the additional gid");
        // Root-run containers keep setgroups allowed (runc writes deny only for rootless maps).
        assertEquals("allow", out.get(2));
        assertEquals("101000:101000", owner(data.resolve("by-1000")));
    }

    @Test
    void tooManyRangesAreRefusedNamingTheField() {
        Bundle b = newBundle().namespace("user", null);
        ArrayNode uids = b.linux().putArray("uidMappings");
        for (int i = 0; i < 341; i++) {
            map(uids, i, 100000 + i, 1);
        }
        map(b.linux().putArray("gidMappings"), 0, 100000, 1);
        Result r = runForeground(b.args("true"), newId());
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("linux.uidMappings: 341 ranges, more than the kernel's limit of 340"),
                r.describe());
    }

    /** The mount's own mapping, no container user namespace: host 1000 shows as 0, and back. */
    @Test
    void idmappedBindWithItsOwnMappingWithoutUserNamespace() {
        Path shared = hostDir("shared", 1000, 1000);
        Bundle b = newBundle();
        ObjectNode m = bind(b, "/idm", shared, "rbind");
        map(m.putArray("uidMappings"), 1000, 0, 1);
        map(m.putArray("gidMappings"), 1000, 0, 1);
        bind(b, "/plain", shared, "rbind");
        b.sh("stat -c %u:%g /idm /plain; touch /idm/made-inside; stat -c %u:%g /idm/made-inside");
        List<String> out = output(b).lines().map(String::trim).toList();
        assertEquals(List.of("0:0", "1000:1000", "0:0"), out, "owners through the idmapped and the plain mount");
        assertEquals("1000:1000", owner(shared.resolve("made-inside")), "root's file lands as 1000 on the host");
        assertEquals("1000:1000", owner(shared), "the host directory keeps its owner");
    }

    /** procfs cannot be id-mapped: one line naming the mount, and nothing left behind. */
    @Test
    void aFilesystemWithoutIdmapSupportFailsTheCreateCleanly() {
        Bundle b = newBundle().args("true");
        ObjectNode m = bind(b, "/idm", Path.of("/proc/sys"), "rbind");
        map(m.putArray("uidMappings"), 0, 1000, 1);
        map(m.putArray("gidMappings"), 0, 1000, 1);
        String id = newId();
        Result r = runForeground(b, id);
        assertNotEquals(0, r.exit(), r.describe());
        assertEquals(1, r.stderrLines().size(), r.describe());
        assertTrue(r.stderr().contains("id-mapped mount /proc/sys to /idm: mount_setattr MOUNT_ATTR_IDMAP: Invalid argument"),
                r.describe());
        assertNotEquals(0, rt.exec("state", id).exit(), "no container left");
    }

    /** {@code idmap} without mappings takes the container's: the host's ids look the same inside. */
    @Test
    void idmapOptionUsesTheContainerMappings() {
        Path shared = hostDir("shared", 1000, 1000);
        Bundle b = withUserns(newBundle());
        bind(b, "/idm", shared, "rbind", "idmap");
        bind(b, "/plain", shared, "rbind");
        b.sh("stat -c %u:%g /idm /plain; touch /idm/made-inside");
        List<String> out = output(b).lines().map(String::trim).toList();
        assertEquals(List.of("1000:1000", "65534:65534"), out, "idmapped: the host's 1000; plain: unmapped");
        assertEquals("0:0", owner(shared.resolve("made-inside")), "root inside writes as 0 through the mapping");
    }

    /** {@code ridmap} maps the submounts of a recursive bind too; {@code idmap} only its top. */
    @Test
    void ridmapMapsSubmountsAndIdmapDoesNot() {
        Path shared = hostDir("tree", 1000, 1000);
        Path sub = shared.resolve("sub");
        try {
            Files.createDirectories(sub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var mounted = Host.command(List.of("mount", "-t", "tmpfs", "-o", "size=1m,mode=0777,uid=1000,gid=1000",
                "jrunc-ct-idmap", sub.toString()));
        assertEquals(0, mounted.getKey(), mounted.getValue());
        hostMount(sub);
        Bundle b = newBundle();
        ObjectNode r = bind(b, "/r", shared, "rbind", "ridmap");
        map(r.putArray("uidMappings"), 1000, 0, 1);
        map(r.putArray("gidMappings"), 1000, 0, 1);
        ObjectNode t = bind(b, "/t", shared, "rbind", "idmap");
        map(t.putArray("uidMappings"), 1000, 0, 1);
        map(t.putArray("gidMappings"), 1000, 0, 1);
        b.sh("stat -c %u:%g /r /r/sub /t /t/sub");
        List<String> out = output(b).lines().map(String::trim).toList();
        assertEquals(List.of("0:0", "0:0", "0:0", "1000:1000"), out);
    }

    /** runtime-spec config-linux.md "timeOffsets"; /proc/uptime is CLOCK_BOOTTIME. */
    @Test
    void timeOffsetsShiftTheClocksOfRunAndExec() {
        long boot = 3_000_000;
        long mono = 86_400;
        Bundle b = newBundle().namespace("time", null).args("sleep", "1000");
        ObjectNode offsets = b.linux().putObject("timeOffsets");
        offsets.putObject("boottime").put("secs", boot).put("nanosecs", 0);
        offsets.putObject("monotonic").put("secs", mono).put("nanosecs", 500);
        b.write();
        String id = newId();
        double before = hostUptime();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = awaitStatus(id, "running", Duration.ofSeconds(20)).get("pid").asLong();
        String initNs = Host.nsLink(Long.toString(pid), "time");
        assertNotEquals(Host.nsLink("self", "time"), initNs, "a new time namespace");

        Result r = rt.ok("exec", id, "sh", "-c", "cat /proc/self/timens_offsets; cat /proc/uptime; readlink /proc/self/ns/time");
        double after = hostUptime();
        List<String> out = r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals(List.of("monotonic " + mono + " 500", "boottime " + boot + " 0"), out.subList(0, 2), r.describe());
        double inside = Double.parseDouble(out.get(2).split(" ")[0]);
        assertTrue(inside >= before + boot - 1 && inside <= after + boot + 1,
                "uptime inside " + inside + " must be the host's (" + before + ".." + after + ") + " + boot);
        assertEquals(initNs, out.get(3), "exec joins the container's time namespace");
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        rt.ok("delete", id);
    }

    /**
     * Both at once: the time namespace (made by stage 0, owned by the host's user namespace)
     * and the container's new user namespace; exec joins both.
     */
    @Test
    void execJoinsTheUserAndTimeNamespaces() {
        Bundle b = withUserns(newBundle()).namespace("time", null).args("sleep", "1000");
        b.linux().putObject("timeOffsets").putObject("boottime").put("secs", 2_000_000).put("nanosecs", 0);
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        long pid = awaitStatus(id, "running", Duration.ofSeconds(20)).get("pid").asLong();
        double before = hostUptime();
        Result r = rt.ok("exec", id, "sh", "-c",
                "id -u; cat /proc/self/uid_map; readlink /proc/self/ns/user; readlink /proc/self/ns/time; cat /proc/uptime");
        List<String> out = r.stdout().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals("0", out.get(0), r.describe());
        assertEquals("0 100000 65536", out.get(1), r.describe());
        assertEquals(Host.nsLink(Long.toString(pid), "user"), out.get(2), "the init's user namespace");
        assertEquals(Host.nsLink(Long.toString(pid), "time"), out.get(3), "the init's time namespace");
        assertNotEquals(Host.nsLink("self", "time"), out.get(3));
        double inside = Double.parseDouble(out.get(4).split(" ")[0]);
        assertTrue(inside >= before + 2_000_000 - 1 && inside <= hostUptime() + 2_000_000 + 1, "uptime " + inside);
        rt.ok("kill", id, "KILL");
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        rt.ok("delete", id);
    }

    @Test
    void timeOffsetsInTheForegroundInit() {
        Bundle b = newBundle().namespace("time", null).sh("cat /proc/uptime");
        b.linux().putObject("timeOffsets").putObject("boottime").put("secs", 1_000_000).put("nanosecs", 0);
        double before = hostUptime();
        double inside = Double.parseDouble(output(b).trim().split(" ")[0]);
        assertTrue(inside >= before + 1_000_000 - 1 && inside <= hostUptime() + 1_000_000 + 1,
                "uptime inside " + inside + ", host " + before);
    }

    private static double hostUptime() {
        return Double.parseDouble(Host.readFile(Path.of("/proc/uptime")).trim().split(" ")[0]);
    }
}
