package dev.jrunc.core.spec;

import java.util.List;

/**
 * Closed vocabularies of the runtime-spec and the Linux ABI, in a stable order (capabilities
 * and rlimits in kernel number order; the others as runc's {@code features} lists them). The
 * validator checks names against these; they say nothing about what jrunc implements.
 */
public final class KnownNames {

    private KnownNames() {
    }

    /** Capability names indexed by capability number (0 = CAP_CHOWN … 40). */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** rlimit names indexed by resource number (0 = RLIMIT_CPU … 15), as runc accepts them. */
    public static final List<String> RLIMITS = List.of(
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    /** {@code linux.namespaces[].type} values. */
    public static final List<String> NAMESPACES =
            List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts");

    /** The six hook kinds. */
    public static final List<String> HOOKS = List.of(
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop");

    public static final List<String> SECCOMP_ACTIONS = List.of(
            "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP");

    public static final List<String> SECCOMP_OPERATORS = List.of(
            "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
            "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE");

    /** The architectures listed by config-linux.md (libseccomp 2.6). */
    public static final List<String> SECCOMP_ARCHITECTURES = List.of(
            "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64",
            "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
            "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
            "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC",
            "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
            "SCMP_ARCH_SH", "SCMP_ARCH_SHEB");

    public static final List<String> SECCOMP_FLAGS = List.of(
            "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    public static final List<String> MEMORY_POLICY_MODES = List.of(
            "MPOL_BIND", "MPOL_DEFAULT", "MPOL_INTERLEAVE", "MPOL_LOCAL", "MPOL_PREFERRED",
            "MPOL_PREFERRED_MANY", "MPOL_WEIGHTED_INTERLEAVE");

    public static final List<String> MEMORY_POLICY_FLAGS =
            List.of("MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES");

    public static final List<String> SCHEDULER_POLICIES = List.of(
            "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO", "SCHED_IDLE",
            "SCHED_DEADLINE");

    public static final List<String> SCHEDULER_FLAGS = List.of(
            "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM", "SCHED_FLAG_DL_OVERRUN",
            "SCHED_FLAG_KEEP_POLICY", "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
            "SCHED_FLAG_UTIL_CLAMP_MAX");

    public static final List<String> IO_PRIORITY_CLASSES =
            List.of("IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE");

    /**
     * {@code linux.rootfsPropagation}: the spec names four values; runc also takes the
     * recursive forms, and configs in the wild use them (podman writes "rprivate").
     */
    public static final List<String> ROOTFS_PROPAGATIONS = List.of(
            "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable");

    public static final List<String> PERSONALITY_DOMAINS = List.of("LINUX", "LINUX32");

    public static final List<String> TIME_OFFSET_CLOCKS = List.of("monotonic", "boottime");
}
