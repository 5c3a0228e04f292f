package dev.jrunc.linux.plan;

/** Op numbers of the init plan (docs/init-protocol.md, section 3). */
public final class PlanOp {
    public static final int NAMESPACE = 1;
    public static final int ROOTFS = 2;
    public static final int ROOTFS_PROPAGATION = 3;
    public static final int MOUNT = 4;
    public static final int DEVICE = 5;
    public static final int SYMLINK = 6;
    public static final int MASKED_PATH = 7;
    public static final int READONLY_PATH = 8;
    public static final int NO_PIVOT = 9;
    public static final int ROOT_READONLY = 10;
    public static final int HOSTNAME = 11;
    public static final int DOMAINNAME = 12;
    public static final int SYSCTL = 13;
    public static final int RLIMIT = 14;
    public static final int USER = 15;
    public static final int CWD = 16;
    public static final int ENV = 17;
    public static final int ARG = 18;
    public static final int TERMINAL = 19;
    public static final int CONSOLE_SOCKET = 20;
    public static final int EXEC_FIFO = 21;
    public static final int CAPABILITIES = 22;
    public static final int NO_NEW_PRIVS = 23;
    public static final int OOM_SCORE_ADJ = 24;
    public static final int PRESERVE_FDS = 25;
    public static final int SECCOMP = 26;
    public static final int SCHEDULER = 28;
    public static final int IO_PRIORITY = 29;
    public static final int PERSONALITY = 30;
    public static final int MEMORY_POLICY = 31;
    public static final int CPU_AFFINITY = 32;
    public static final int SESSION_KEYRING = 33;
    /** exec: the container init whose namespaces to join. */
    public static final int JOIN_PID = 36;
    public static final int HOOK = 40;
    public static final int HOOK_STATE = 41;
    public static final int HOOK_SYNC = 42;
    /** The offsets of the new time namespace. */
    public static final int TIME_OFFSETS = 43;
    /** The id mapping of the MOUNT right before it (a bind). */
    public static final int MOUNT_IDMAP = 44;
    /** An LSM label for the process's execve: AppArmor profile or SELinux process label. */
    public static final int EXEC_LABEL = 45;

    private static final String[] NAMES = {
        null, "NAMESPACE", "ROOTFS", "ROOTFS_PROPAGATION", "MOUNT", "DEVICE", "SYMLINK",
        "MASKED_PATH", "READONLY_PATH", "NO_PIVOT", "ROOT_READONLY", "HOSTNAME", "DOMAINNAME",
        "SYSCTL", "RLIMIT", "USER", "CWD", "ENV", "ARG", "TERMINAL", "CONSOLE_SOCKET",
        "EXEC_FIFO", "CAPABILITIES", "NO_NEW_PRIVS", "OOM_SCORE_ADJ", "PRESERVE_FDS", "SECCOMP", null,
        "SCHEDULER", "IO_PRIORITY", "PERSONALITY", "MEMORY_POLICY", "CPU_AFFINITY", "SESSION_KEYRING",
        null, null, "JOIN_PID", null, null, null, "HOOK", "HOOK_STATE", "HOOK_SYNC",
        "TIME_OFFSETS", "MOUNT_IDMAP", "EXEC_LABEL",
    };

    /** The highest op number in use. */
    public static final int MAX = EXEC_LABEL;

    private PlanOp() {}

    /** The protocol name of an op, as {@code plan-dump} prints it. */
    public static String name(int op) {
        if (op < 1 || op >= NAMES.length || NAMES[op] == null) {
            throw new IllegalArgumentException("unknown plan op " + op);
        }
        return NAMES[op];
    }
}
