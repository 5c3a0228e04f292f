package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * AppArmor profiles and SELinux labels. jrunc cannot apply them yet, so a config asking for
 * one never starts: with the LSM absent or disabled the refusal uses runc's words (runc's
 * validator for an SELinux label, its not-supported error for an AppArmor profile); with the
 * LSM enabled, a plain "not supported by jrunc yet".
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

    private LsmLabels() {
    }

    static void refuse(Spec spec, Host host) {
        Process p = spec.process();
        Linux linux = spec.linux();
        if (p != null && present(p.apparmorProfile())) {
            throw new JruncException("process.apparmorProfile: "
                    + (host.apparmor() ? "AppArmor profiles are not supported by jrunc yet" : APPARMOR_ABSENT));
        }
        if (p != null && present(p.selinuxLabel())) {
            throw new JruncException("process.selinuxLabel: " + selinux(host));
        }
        if (linux != null && present(linux.mountLabel())) {
            throw new JruncException("linux.mountLabel: " + selinux(host));
        }
    }

    private static String selinux(Host host) {
        return host.selinux() ? "SELinux labels are not supported by jrunc yet" : SELINUX_DISABLED;
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
