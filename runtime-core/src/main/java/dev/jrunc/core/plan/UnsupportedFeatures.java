package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;

import java.util.Collection;
import java.util.Map;

/**
 * Config fields jrunc cannot honour yet. Each is refused with one line naming it, never
 * ignored: a container that asked for Intel RDT must not start without it. LSM labels are
 * refused by {@link LsmLabels}, in runc's words when the LSM is absent. Resource limits are
 * not listed here; which of them apply is documented in docs/cli.md.
 */
final class UnsupportedFeatures {
    private UnsupportedFeatures() {
    }

    static void refuse(Spec spec) {
        Linux linux = spec.linux();
        if (linux != null) {
            check(present(linux.netDevices()), "linux.netDevices", "network devices");
            check(linux.intelRdt() != null, "linux.intelRdt", "Intel RDT");
        }
    }

    private static void check(boolean present, String field, String what) {
        if (present) {
            throw new JruncException(field + ": " + what + " are not supported by jrunc yet");
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean present(Collection<?> c) {
        return c != null && !c.isEmpty();
    }

    private static boolean present(Map<?, ?> m) {
        return m != null && !m.isEmpty();
    }
}
