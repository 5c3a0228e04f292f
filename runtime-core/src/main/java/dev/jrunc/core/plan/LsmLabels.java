package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.linux.plan.InitPlanWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * AppArmor profiles and SELinux labels. With the LSM enabled they travel in the plan (the
 * process's label as EXEC_LABEL, written by jrunc-init through its private procfs right
 * before execve; the mount label as SELinux's {@code context=} option of the container's own
 * filesystems, as runc formats it). With the LSM absent or disabled a config asking for one
 * never starts, refused in runc's words: running it unconfined would be a silent downgrade.
 */
final class LsmLabels {
    static final String SELINUX_DISABLED =
            "selinux label is specified in config, but selinux is disabled or not supported";
    static final String APPARMOR_ABSENT = "apparmor: config provided but apparmor not supported";

    /** Which LSMs the host has enabled. */
    record Host(boolean apparmor, boolean selinux) {
        /** runc's tests: the apparmor module parameter says Y; selinuxfs is mounted. */
        static Host detect() {
            return new Host(apparmorEnabled(), Files.exists(Path.of("/sys/fs/selinux/enforce")));
        }

        private static boolean apparmorEnabled() {
            try {
                return Files.readString(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Looks at the host only when the config asks for a label (the common create reads nothing). */
    static Host hostFor(Process p, Linux linux) {
        boolean any = (p != null && (present(p.apparmorProfile()) || present(p.selinuxLabel())))
                || (linux != null && present(linux.mountLabel()));
        return any ? Host.detect() : new Host(false, false);
    }

    private LsmLabels() {
    }

    /** Refuses what the host cannot apply; nothing is written. */
    static void check(Spec spec, Host host) {
        Process p = spec.process();
        if (p != null) {
            checkProcess(p, host, "process.");
        }
        Linux linux = spec.linux();
        if (linux != null && present(linux.mountLabel()) && !host.selinux()) {
            throw new JruncException("linux.mountLabel: " + SELINUX_DISABLED);
        }
    }

    private static void checkProcess(Process p, Host host, String prefix) {
        if (present(p.apparmorProfile()) && !host.apparmor()) {
            throw new JruncException(prefix + "apparmorProfile: " + APPARMOR_ABSENT);
        }
        if (present(p.selinuxLabel()) && !host.selinux()) {
            throw new JruncException(prefix + "selinuxLabel: " + SELINUX_DISABLED);
        }
    }

    /** The process's labels as EXEC_LABEL ops; refused as in {@link #check} where the LSM is off. */
    static void addExecLabels(InitPlanWriter plan, Process p, Host host) {
        checkProcess(p, host, "process.");
        if (present(p.apparmorProfile())) {
            plan.execLabel(InitPlanWriter.Lsm.APPARMOR, p.apparmorProfile());
        }
        if (present(p.selinuxLabel())) {
            plan.execLabel(InitPlanWriter.Lsm.SELINUX, p.selinuxLabel());
        }
    }

    /**
     * {@code data} with SELinux's {@code context="LABEL"} for a filesystem the container gets
     * of its own (runc labels tmpfs, devpts and the like, not proc, sysfs, mqueue, cgroup or
     * binds, whose files keep their own labels).
     */
    static String withMountLabel(String data, String fstype, String mountLabel) {
        if (!present(mountLabel) || fstype.isEmpty()
                || java.util.Set.of("proc", "sysfs", "mqueue", "cgroup", "cgroup2", "bind").contains(fstype)) {
            return data;
        }
        String context = "context=\"" + mountLabel + "\"";
        return data == null || data.isEmpty() ? context : data + "," + context;
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
