package dev.jrunc.core.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The starter {@code config.json} written by {@code jrunc spec}, reproducing runc's
 * {@code specconv.Example} and {@code specconv.ToRootless} value for value, and runc's
 * serialization ({@code json.MarshalIndent} with a tab, no trailing newline).
 */
public final class SpecGenerator {

    private static final List<String> DEFAULT_CAPABILITIES =
            List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private SpecGenerator() {
    }

    /**
     * runc's example spec. runc adds a {@code cgroup} namespace only on a cgroup v2 (unified)
     * host; the caller decides, typically with {@link #hostHasUnifiedCgroupHierarchy()}.
     */
    public static Spec example(boolean cgroupNamespace) {
        List<String> caps = DEFAULT_CAPABILITIES;
        Process process = new Process(
                true,
                null,
                new User(0L, 0L, null, null, null),
                List.of("sh"),
                null,
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"),
                "/",
                new LinuxCapabilities(caps, caps, null, caps, null),
                List.of(new PosixRlimit("RLIMIT_NOFILE", 1024L, 1024L)),
                true,
                null, null, null, null, null, null);
        List<Mount> mounts = List.of(
                mount("/proc", "proc", "proc", null),
                mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
                mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (String type : List.of("pid", "network", "ipc", "uts", "mount")) {
            namespaces.add(new LinuxNamespace(type, null));
        }
        if (cgroupNamespace) {
            namespaces.add(new LinuxNamespace("cgroup", null));
        }
        // Deny all devices in the cgroup; the default devices are allowed by the runtime itself.
        LinuxResources resources = new LinuxResources(
                List.of(new LinuxDeviceCgroup(false, null, null, null, "rwm")),
                null, null, null, null, null, null, null, null);
        Linux linux = new Linux(null, null, null, resources, null, namespaces, null, null, null, null,
                List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                        "/proc/scsi"),
                List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
                null, null, null, null, null);
        return new Spec(SpecVersion.CURRENT, process, new Root("rootfs", true), "runc", null, mounts, null, null, linux);
    }

    /**
     * runc's {@code ToRootless}: drop the network namespace, add a user namespace mapping only
     * the caller's euid/egid to root, replace the sysfs mount by a read-only rbind (a new sysfs
     * cannot be mounted without a network namespace of one's own), strip {@code uid=}/{@code gid=}
     * mount options (unmapped ids), and drop cgroup resources (not delegated to the user).
     */
    public static Spec toRootless(Spec spec, long euid, long egid) {
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (LinuxNamespace ns : spec.linux().namespaces()) {
            if (!"network".equals(ns.type()) && !"user".equals(ns.type())) {
                namespaces.add(ns);
            }
        }
        namespaces.add(new LinuxNamespace("user", null));

        List<Mount> mounts = new ArrayList<>();
        for (Mount m : spec.mounts()) {
            if (Path.of(m.destination()).normalize().toString().equals("/sys")) {
                mounts.add(new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"),
                        null, null));
                continue;
            }
            List<String> options = new ArrayList<>();
            if (m.options() != null) {
                for (String o : m.options()) {
                    if (!o.startsWith("gid=") && !o.startsWith("uid=")) {
                        options.add(o);
                    }
                }
            }
            // Go leaves the slice nil when nothing survives, so the key disappears from JSON.
            mounts.add(new Mount(m.destination(), m.type(), m.source(), options.isEmpty() ? null : options,
                    m.uidMappings(), m.gidMappings()));
        }

        Linux l = spec.linux();
        Linux linux = new Linux(
                List.of(new IdMapping(0L, euid, 1L)),
                List.of(new IdMapping(0L, egid, 1L)),
                l.sysctl(), null, l.cgroupsPath(), namespaces, l.devices(), l.netDevices(), l.seccomp(),
                l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(), l.mountLabel(), l.intelRdt(),
                l.memoryPolicy(), l.personality(), l.timeOffsets());
        return new Spec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.domainname(),
                mounts, spec.hooks(), spec.annotations(), linux);
    }

    /** The bytes {@code runc spec} writes: tab indentation, no trailing newline. */
    public static String toJson(Spec spec) {
        return SpecJson.toGoIndentedJson(spec, "\t");
    }

    /**
     * Whether /sys/fs/cgroup is a cgroup v2 unified hierarchy. runc checks the filesystem magic;
     * the presence of {@code cgroup.controllers} at the root is equivalent for this purpose.
     */
    public static boolean hostHasUnifiedCgroupHierarchy() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }

    private static Mount mount(String destination, String type, String source, List<String> options) {
        return new Mount(destination, type, source, options, null, null);
    }
}
