package dev.jrunc.linux.plan;

/** The {@code SECCOMP_FILTER_FLAG_*} bits of seccomp(2) that a SECCOMP plan op may carry. */
public final class SeccompFilterFlags {
    public static final int LOG = 1 << 1;
    public static final int SPEC_ALLOW = 1 << 2;
    /** jrunc-init sends the notify fd back over the init socket (message SECCOMP_FD). */
    public static final int NEW_LISTENER = 1 << 3;
    /** Only valid with {@link #NEW_LISTENER} (the kernel's rule). */
    public static final int WAIT_KILLABLE_RECV = 1 << 5;
    /** What the C reader accepts (docs/init-protocol.md, op SECCOMP). */
    public static final int PLAN_FLAGS = LOG | SPEC_ALLOW | NEW_LISTENER | WAIT_KILLABLE_RECV;

    private SeccompFilterFlags() {}
}
