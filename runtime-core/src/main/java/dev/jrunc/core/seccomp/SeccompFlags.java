package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.linux.plan.SeccompFilterFlags;

import java.util.List;

/** {@code linux.seccomp.flags} to the seccomp(2) flags jrunc-init loads the filter with. */
final class SeccompFlags {
    static final List<String> KNOWN = List.of(
            "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    private SeccompFlags() {
    }

    /** {@code listener}: the filter notifies, so the kernel is asked for a listener fd. */
    static int planFlags(List<String> flags, boolean listener, String field) {
        int out = listener ? SeccompFilterFlags.NEW_LISTENER : 0;
        for (int i = 0; i < flags.size(); i++) {
            switch (flags.get(i)) {
                case "SECCOMP_FILTER_FLAG_LOG" -> out |= SeccompFilterFlags.LOG;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> out |= SeccompFilterFlags.SPEC_ALLOW;
                // The init is single-threaded when it loads the filter: nothing to synchronise (runc ignores it too).
                case "SECCOMP_FILTER_FLAG_TSYNC" -> { }
                // Changes how a notifying syscall waits; without SCMP_ACT_NOTIFY there is no such
                // wait, and the kernel refuses the flag without a listener.
                case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> out |= listener ? SeccompFilterFlags.WAIT_KILLABLE_RECV : 0;
                default -> throw new ConfigException(field + "[" + i + "]",
                        "unknown seccomp flag \"" + flags.get(i) + "\"");
            }
        }
        return out;
    }
}
