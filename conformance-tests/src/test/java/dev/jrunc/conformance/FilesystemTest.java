package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Root, mounts and their options as the container sees them in /proc/self/mountinfo; masked and readonly paths. */
class FilesystemTest extends ConformanceTest {

    private static final String MOUNTINFO_MARK = "---mountinfo---";

    /** Runs {@code script}, then dumps mountinfo; returns [script output, parsed mounts]. */
    private Map.Entry<String, List<Host.MountInfo>> runAndMountinfo(Bundle b, String script) {
        b.sh(script + "; echo " + MOUNTINFO_MARK + "; cat /proc/self/mountinfo");
        String out = output(b);
        int i = out.indexOf(MOUNTINFO_MARK + "\n");
        assertTrue(i >= 0, out);
        return Map.entry(out.substring(0, i), Host.parseMountInfo(out.substring(i + MOUNTINFO_MARK.length() + 1)));
    }

    private static Host.MountInfo at(List<Host.MountInfo> ms, String point) {
        return ms.stream().filter(m -> m.mountPoint().equals(point)).reduce((a, b) -> b) // the top-most one
                .orElseThrow(() -> new AssertionError("no mount at " + point + " in\n"
                        + String.join("\n", ms.stream().map(Host.MountInfo::line).toList())));
    }

    private Path hostDir(String name, String fileContent) throws IOException {
        Path d = testDir.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("hello"), fileContent);
        Host.chmod(d, "rwxr-xr-x");
        return d;
    }

    @Test
    void readonlyRootRejectsWrites() {
        Bundle b = newBundle().readonlyRoot(true);
        var r = runAndMountinfo(b, "touch /x 2>&1; echo rc=$?");
        assertTrue(r.getKey().contains("Read-only file system"), r.getKey());
        assertTrue(r.getKey().contains("rc=1"), r.getKey());
        assertTrue(at(r.getValue(), "/").options().contains("ro"), at(r.getValue(), "/").line());
        assertFalse(Files.exists(b.rootfs().resolve("x")));
    }

    @Test
    void writableRootAcceptsWrites() throws IOException {
        Bundle b = newBundle().readonlyRoot(false);
        var r = runAndMountinfo(b, "echo data > /x; echo rc=$?");
        assertEquals("rc=0\n", r.getKey());
        assertTrue(at(r.getValue(), "/").options().contains("rw"));
        assertEquals("data\n", Files.readString(b.rootfs().resolve("x")), "the rootfs is the bundle's directory");
    }

    @Test
    void defaultMountsHaveTheirTypesAndOptions() {
        var ms = runAndMountinfo(newBundle(), "true").getValue();
        assertEquals("proc", at(ms, "/proc").fsType());
        Host.MountInfo dev = at(ms, "/dev");
        assertEquals("tmpfs", dev.fsType());
        assertTrue(dev.options().contains("nosuid") && dev.superOpts().contains("mode=755"), dev.line());
        Host.MountInfo pts = at(ms, "/dev/pts");
        assertEquals("devpts", pts.fsType());
        assertTrue(pts.options().containsAll(List.of("nosuid", "noexec")) && pts.superOpts().contains("ptmxmode=666"),
                pts.line());
        Host.MountInfo shm = at(ms, "/dev/shm");
        assertTrue(shm.fsType().equals("tmpfs") && shm.options().containsAll(List.of("nosuid", "nodev", "noexec")),
                shm.line());
        assertTrue(shm.superOpts().contains("size=65536k"), shm.line());
        assertEquals("mqueue", at(ms, "/dev/mqueue").fsType());
        Host.MountInfo sys = at(ms, "/sys");
        assertTrue(sys.fsType().equals("sysfs") && sys.options().contains("ro"), sys.line());
    }

    @Test
    void tmpfsWithSizeModeAndFlags() {
        Bundle b = newBundle();
        b.mount("/t1", "tmpfs", "tmpfs", "nosuid", "nodev", "noexec", "size=1m", "mode=750");
        var r = runAndMountinfo(b, "stat -c %a /t1");
        assertEquals("750\n", r.getKey());
        Host.MountInfo m = at(r.getValue(), "/t1");
        assertEquals("tmpfs", m.fsType());
        assertTrue(m.options().containsAll(List.of("rw", "nosuid", "nodev", "noexec")), m.line());
        assertTrue(m.superOpts().containsAll(List.of("size=1024k", "mode=750")), m.line());
    }

    @Test
    void bindReadonlyAndBindFlags() throws IOException {
        Path src = hostDir("src", "hello from host\n");
        Files.copy(Bundle.BUSYBOX, src.resolve("busybox"));
        Host.chmod(src.resolve("busybox"), "rwxr-xr-x");
        Bundle b = newBundle();
        b.mount("/bro", "bind", src.toString(), "bind", "ro");
        b.mount("/bflags", "bind", src.toString(), "bind", "nosuid", "nodev", "noexec");
        b.mount("/brw", "bind", src.toString(), "bind", "rw");
        var r = runAndMountinfo(b, "cat /bro/hello; touch /bro/x 2>/dev/null; echo ro-rc=$?;"
                + " /bflags/busybox true 2>/dev/null; echo exec-rc=$?; /brw/busybox true; echo rw-exec-rc=$?;"
                + " echo written > /brw/from-container; echo rw-rc=$?");
        assertEquals("hello from host\nro-rc=1\nexec-rc=126\nrw-exec-rc=0\nrw-rc=0\n", r.getKey());
        Host.MountInfo ro = at(r.getValue(), "/bro");
        assertTrue(ro.options().contains("ro"), ro.line());
        Host.MountInfo flags = at(r.getValue(), "/bflags");
        assertTrue(flags.options().containsAll(List.of("nosuid", "nodev", "noexec")), flags.line());
        assertTrue(at(r.getValue(), "/brw").options().contains("rw"));
        assertEquals("written\n", Files.readString(src.resolve("from-container")));
    }

    /** A host dir with a tmpfs mounted at {@code sub/} holding a marker file. */
    private Path hostDirWithSubmount() throws IOException {
        Path src = hostDir("tree", "top\n");
        Path sub = Files.createDirectories(src.resolve("sub"));
        var m = Host.command(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "jrunc-ct-sub", sub.toString()));
        assertEquals(0, m.getKey(), m.getValue());
        hostMount(sub);
        Files.writeString(sub.resolve("marker"), "in submount\n");
        return src;
    }

    @Test
    void rbindIncludesSubmountsBindDoesNot() throws IOException {
        Path src = hostDirWithSubmount();
        Bundle b = newBundle();
        b.mount("/rb", "bind", src.toString(), "rbind");
        b.mount("/nb", "bind", src.toString(), "bind");
        var r = runAndMountinfo(b, "cat /rb/sub/marker; ls -A /nb/sub | wc -l");
        assertEquals("in submount\n0\n", r.getKey());
        assertEquals("tmpfs", at(r.getValue(), "/rb/sub").fsType());
        assertTrue(r.getValue().stream().noneMatch(m -> m.mountPoint().equals("/nb/sub")));
    }

    @Test
    void recursiveReadonlyWhenAdvertised() throws IOException {
        Result f = rt.ok("features");
        JsonNode features = Bundle.JSON.readTree(f.stdout());
        List<String> opts = Bundle.JSON.convertValue(features.path("mountOptions"),
                Bundle.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        assertTrue(opts.contains("rro"), "jrunc must implement and advertise rro (issue 2); features: " + opts);
        Path src = hostDirWithSubmount();
        Bundle b = newBundle();
        b.mount("/rro", "bind", src.toString(), "rbind", "rro");
        b.mount("/plainro", "bind", src.toString(), "rbind", "ro");
        var r = runAndMountinfo(b, "touch /rro/sub/x 2>/dev/null; echo rro-rc=$?; touch /plainro/sub/y 2>/dev/null;"
                + " echo ro-rc=$?");
        assertEquals("rro-rc=1\nro-rc=0\n", r.getKey(), "rro makes submounts read-only, ro does not");
        assertTrue(at(r.getValue(), "/rro/sub").options().contains("ro"));
        assertTrue(at(r.getValue(), "/plainro/sub").options().contains("rw"));
        assertTrue(Files.exists(src.resolve("sub/y")));
    }

    @Test
    void rootfsPropagationSharedAndUnbindableApplyToTheContainerRoot() {
        Bundle shared = newBundle();
        shared.linux().put("rootfsPropagation", "rshared");
        assertTrue(at(runAndMountinfo(shared, "true").getValue(), "/").optionalFields().contains("shared:"),
                "rootfsPropagation rshared");
        Bundle unbindable = newBundle();
        unbindable.linux().put("rootfsPropagation", "runbindable");
        assertTrue(at(runAndMountinfo(unbindable, "true").getValue(), "/").optionalFields().contains("unbindable"),
                "rootfsPropagation runbindable");
        Bundle plain = newBundle();
        Host.MountInfo root = at(runAndMountinfo(plain, "true").getValue(), "/");
        assertFalse(root.optionalFields().contains("shared:"), "default rslave root is not shared: " + root.line());
    }

    @Test
    void mountPropagationFlags() throws IOException {
        Path src = hostDir("prop", "x\n");
        Bundle b = newBundle();
        b.mount("/pshared", "bind", src.toString(), "rbind", "rshared");
        b.mount("/pprivate", "bind", src.toString(), "rbind", "rprivate");
        b.mount("/punbind", "bind", src.toString(), "rbind", "runbindable");
        var ms = runAndMountinfo(b, "true").getValue();
        Host.MountInfo shared = at(ms, "/pshared");
        assertTrue(shared.optionalFields().contains("shared:"), shared.line());
        Host.MountInfo priv = at(ms, "/pprivate");
        assertFalse(priv.optionalFields().contains("shared:") || priv.optionalFields().contains("master:"), priv.line());
        assertTrue(at(ms, "/punbind").optionalFields().contains("unbindable"), at(ms, "/punbind").line());
    }

    /**
     * The default masked files that exist on this kernel (/proc/kcore does not on every VM) read
     * empty because /dev/null is bound over them; /sys/firmware, which has content on the host,
     * is an empty read-only tmpfs.
     */
    @Test
    void defaultMaskedPaths() throws IOException {
        List<String> files = List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/latency_stats",
                "/proc/sched_debug", "/proc/timer_stats").stream().filter(f -> Files.isRegularFile(Path.of(f))).toList();
        assertFalse(files.isEmpty(), "no default masked file exists on this host");
        try (var s = Files.list(Path.of("/sys/firmware"))) {
            assertTrue(s.findAny().isPresent(), "/sys/firmware has entries on the host");
        }
        StringBuilder script = new StringBuilder();
        for (String f : files) {
            script.append("echo ").append(f).append(" $(wc -c < ").append(f).append(") $(stat -c %t:%T ").append(f).append("); ");
        }
        script.append("ls -A /sys/firmware | wc -l");
        var r = runAndMountinfo(newBundle(), script.toString());
        StringBuilder want = new StringBuilder();
        files.forEach(f -> want.append(f).append(" 0 1:3\n"));
        assertEquals(want + "0\n", r.getKey(), "masked files read empty (they are /dev/null), /sys/firmware is empty");
        Host.MountInfo fw = at(r.getValue(), "/sys/firmware");
        assertTrue(fw.fsType().equals("tmpfs") && fw.options().contains("ro"), fw.line());
    }

    @Test
    void customMaskedFileAndDirectory() throws IOException {
        Bundle b = newBundle();
        Files.writeString(b.mkdirs("/secret").resolve("key"), "s3cr3t\n");
        Files.writeString(b.mkdirs("/etc").resolve("token"), "t0k3n\n");
        ArrayNode masked = (ArrayNode) b.linux().get("maskedPaths");
        masked.add("/secret").add("/etc/token").add("/does/not/exist");
        var r = runAndMountinfo(b, "ls -A /secret | wc -l; wc -c < /etc/token; cat /secret/key 2>/dev/null; echo rc=$?");
        assertEquals("0\n0\nrc=1\n", r.getKey());
        Host.MountInfo dir = at(r.getValue(), "/secret");
        assertTrue(dir.fsType().equals("tmpfs") && dir.options().contains("ro"), dir.line());
    }

    @Test
    void readonlyPaths() {
        Bundle b = newBundle().readonlyRoot(false);
        b.mkdirs("/rodir");
        ((ArrayNode) b.linux().get("readonlyPaths")).add("/rodir");
        // Full capabilities, so that read-only-ness is the only reason a write can fail.
        for (String set : List.of("bounding", "effective", "permitted")) {
            ((ArrayNode) b.process().with("capabilities").putArray(set)).add("CAP_SYS_ADMIN").add("CAP_DAC_OVERRIDE");
        }
        var r = runAndMountinfo(b, "(echo jrunc > /proc/sys/kernel/hostname) 2>&1; echo sys-rc=$?;"
                + " touch /rodir/x 2>&1; echo dir-rc=$?; touch /x; echo root-rc=$?");
        String out = r.getKey();
        assertTrue(out.contains("sys-rc=1") && out.contains("dir-rc=1") && out.contains("root-rc=0"), out);
        assertEquals(2, out.split("Read-only file system", -1).length - 1, "both writes fail with EROFS:\n" + out);
        assertTrue(at(r.getValue(), "/proc/sys").options().contains("ro"));
        assertTrue(at(r.getValue(), "/rodir").options().contains("ro"));
        assertNotEquals("ro", at(r.getValue(), "/").options().getFirst());
    }
}
