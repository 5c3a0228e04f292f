package dev.jrunc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A bundle directory: {@code rootfs/} with the host's static busybox and applet symlinks, and a
 * {@code config.json} that starts as runc's {@code spec} default (terminal off) and is changed
 * per test through the Jackson tree.
 */
public final class Bundle {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    /** Applets linked into {@code /bin}: everything the tests run inside containers. */
    public static final List<String> APPLETS = List.of(
            "sh", "echo", "cat", "ls", "id", "hostname", "sleep", "true", "false", "grep", "mount",
            "umount", "readlink", "stat", "touch", "env", "pwd", "wc", "mkdir", "tty", "test", "[",
            "kill", "ps", "head", "tail", "sed", "printf", "dd", "od", "cut", "tr", "sort", "rm",
            "ln", "mknod", "uname", "sysctl", "find", "awk", "xargs", "timeout", "stty", "nproc", "chown");

    private final Path dir;
    private final Path rootfs;
    private final ObjectNode config;

    private Bundle(Path dir) {
        this.dir = dir;
        this.rootfs = dir.resolve("rootfs");
        this.config = defaultSpec();
    }

    /** Creates the directory tree (mode 0755 throughout, so user-namespaced ids can traverse it). */
    public static Bundle create(Path dir) {
        Bundle b = new Bundle(dir);
        try {
            for (String d : List.of("bin", "proc", "sys", "dev", "tmp", "etc", "root", "var/tmp")) {
                Files.createDirectories(b.rootfs.resolve(d));
            }
            Host.chmod(dir, "rwxr-xr-x");
            Host.chmod(b.rootfs, "rwxr-xr-x");
            Host.command(List.of("chmod", "1777", b.rootfs.resolve("tmp").toString()));
            Files.copy(BUSYBOX, b.rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(b.rootfs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String a : APPLETS) {
                Files.createSymbolicLink(b.rootfs.resolve("bin").resolve(a), Path.of("busybox"));
            }
            Files.writeString(b.rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(b.rootfs.resolve("etc/group"), "root:x:0:\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    public Path dir() {
        return dir;
    }

    public Path rootfs() {
        return rootfs;
    }

    public ObjectNode config() {
        return config;
    }

    public ObjectNode process() {
        return (ObjectNode) config.get("process");
    }

    public ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }

    public ArrayNode mounts() {
        return (ArrayNode) config.get("mounts");
    }

    /** Sets {@code process.args}. */
    public Bundle args(String... args) {
        ArrayNode a = process().putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    /** {@code process.args = ["sh", "-c", script]}. */
    public Bundle sh(String script) {
        return args("sh", "-c", script);
    }

    public Bundle readonlyRoot(boolean ro) {
        ((ObjectNode) config.get("root")).put("readonly", ro);
        return this;
    }

    /** Removes the namespace entry of {@code type}. */
    public Bundle withoutNamespace(String type) {
        ArrayNode ns = (ArrayNode) linux().get("namespaces");
        for (Iterator<JsonNode> it = ns.iterator(); it.hasNext(); ) {
            if (type.equals(it.next().path("type").asText())) {
                it.remove();
            }
        }
        return this;
    }

    /** Sets (replaces) the namespace entry of {@code type}; {@code path} may be null. */
    public Bundle namespace(String type, String path) {
        withoutNamespace(type);
        ObjectNode n = ((ArrayNode) linux().get("namespaces")).addObject().put("type", type);
        if (path != null) {
            n.put("path", path);
        }
        return this;
    }

    /** Adds a mount entry. */
    public Bundle mount(String destination, String type, String source, String... options) {
        ObjectNode m = mounts().addObject().put("destination", destination);
        if (type != null) {
            m.put("type", type);
        }
        if (source != null) {
            m.put("source", source);
        }
        ArrayNode o = m.putArray("options");
        for (String s : options) {
            o.add(s);
        }
        return this;
    }

    /** A directory inside the rootfs (created now). */
    public Path mkdirs(String inRootfs) {
        Path p = rootfs.resolve(inRootfs.replaceFirst("^/+", ""));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Writes {@code config.json} (pretty-printed) and returns this bundle. */
    public Bundle write() {
        try {
            Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The runc-{@code spec}-like default configuration, process.terminal false. */
    public static ObjectNode defaultSpec() {
        Map<String, Object> caps = Map.of(
                "bounding", List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "effective", List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "permitted", List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
                "ambient", List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"));
        ObjectNode c = JSON.createObjectNode();
        c.put("ociVersion", "1.0.2");
        ObjectNode p = c.putObject("process");
        p.put("terminal", false);
        p.putObject("user").put("uid", 0).put("gid", 0);
        p.putArray("args").add("sh");
        p.putArray("env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").add("TERM=xterm");
        p.put("cwd", "/");
        p.set("capabilities", JSON.valueToTree(caps));
        p.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
        p.put("noNewPrivileges", true);
        c.putObject("root").put("path", "rootfs").put("readonly", true);
        c.put("hostname", "jrunc");
        ArrayNode m = c.putArray("mounts");
        m.add(mountNode("/proc", "proc", "proc"));
        m.add(mountNode("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
        m.add(mountNode("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        m.add(mountNode("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        m.add(mountNode("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
        m.add(mountNode("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
        m.add(mountNode("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));
        ObjectNode l = c.putObject("linux");
        l.putObject("resources").putArray("devices").addObject().put("allow", false).put("access", "rwm");
        ArrayNode ns = l.putArray("namespaces");
        for (String t : List.of("pid", "network", "ipc", "uts", "mount", "cgroup")) {
            ns.addObject().put("type", t);
        }
        l.set("maskedPaths", JSON.valueToTree(List.of(
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi")));
        l.set("readonlyPaths", JSON.valueToTree(List.of(
                "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")));
        return c;
    }

    static ObjectNode mountNode(String dest, String type, String source, String... options) {
        ObjectNode m = JSON.createObjectNode().put("destination", dest).put("type", type).put("source", source);
        if (options.length > 0) {
            ArrayNode o = m.putArray("options");
            for (String s : options) {
                o.add(s);
            }
        }
        return m;
    }
}
