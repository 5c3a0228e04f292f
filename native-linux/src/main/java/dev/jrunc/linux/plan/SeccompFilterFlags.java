package dev.jrunc.linux.plan;

/** The {@code SECCOMP_FILTER_FLAG_*} bits of seccomp(2) that a SECCOMP plan op may carry. */
public final class SeccompFilterFlags {
    public static final int LOG = 1 << 1;
    public static final int SPEC_ALLOW = 1 << 2;
    /** What the C reader accepts (docs/init-protocol.md, op SECCOMP). */
    public static final int PLAN_FLAGS = LOG | SPEC_ALLOW;

    private SeccompFilterFlags() {}
}
