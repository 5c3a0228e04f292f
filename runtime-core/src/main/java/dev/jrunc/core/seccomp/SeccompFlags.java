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

    static int planFlags(List<String> flags, String field) {
        int out = 0;
        for (int i = 0; i < flags.size(); i++) {
            switch (flags.get(i)) {
                case "SECCOMP_FILTER_FLAG_LOG" -> out |= SeccompFilterFlags.LOG;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> out |= SeccompFilterFlags.SPEC_ALLOW;
                // The init is single-threaded when it loads the filter: nothing to synchronise (runc ignores it too).
                case "SECCOMP_FILTER_FLAG_TSYNC" -> { }
                // Only changes how a notifying syscall waits; without SCMP_ACT_NOTIFY there is no such wait.
                case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> { }
                default -> throw new ConfigException(field + "[" + i + "]",
                        "unknown seccomp flag \"" + flags.get(i) + "\"");
            }
        }
        return out;
    }
}
