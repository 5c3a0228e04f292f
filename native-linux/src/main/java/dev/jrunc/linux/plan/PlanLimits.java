package dev.jrunc.linux.plan;

/** The limits of docs/init-protocol.md section 4; the C reader enforces the same numbers. */
public final class PlanLimits {
    public static final int HEADER_LENGTH = 16;
    public static final int VERSION = 1;
    public static final int MAX_PLAN = 8 * 1024 * 1024;
    public static final int MAX_STRING = 65536;
    public static final int MAX_PATH = 4096;
    public static final int MAX_LIST = 4096;
    public static final int MAX_ENV = 65536;
    public static final int MAX_ARGS = 65536;
    public static final int MAX_GIDS = 65536;
    public static final int MAX_RLIMITS = 64;
    /** seccomp(2) takes at most BPF_MAXINSNS (4096) instructions of 8 bytes each. */
    public static final int MAX_SECCOMP_INSNS = 4096;
    public static final int SECCOMP_INSN_BYTES = 8;
    /** Words of a NUMA node mask: nodes 0..1023. */
    public static final int MAX_NODE_WORDS = 16;
    /** Words of a CPU mask: CPUs 0..8191. */
    public static final int MAX_CPU_WORDS = 128;
    public static final int MAX_HOOKS = 1024;
    /** Each of HOOK_STATE's two parts (annotations can be large). */
    public static final int MAX_HOOK_STATE = 1024 * 1024;
    /** A uid_map/gid_map text: the kernel takes one write of less than a page... */
    public static final int MAX_ID_MAP = 4095;
    /** ...of at most 340 lines (since Linux 4.15). */
    public static final int MAX_ID_MAP_LINES = 340;

    private PlanLimits() {}
}
