package dev.jrunc.core.plan;

import java.util.List;

/** RLIMIT_* names in kernel resource-number order (asm-generic/resource.h). */
public final class Rlimits {
    private Rlimits() {
    }

    public static final List<String> NAMES = List.of(
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    public static int resource(String name) {
        return NAMES.indexOf(name);
    }
}
