package dev.jrunc.core.plan;

import dev.jrunc.core.spec.CpuAffinity;
import dev.jrunc.core.spec.CpuList;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.LinuxIoPriority;
import dev.jrunc.core.spec.LinuxMemoryPolicy;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Scheduler;
import dev.jrunc.core.spec.validation.ProcessValidator;
import dev.jrunc.linux.plan.InitPlanWriter;
import dev.jrunc.linux.plan.PlanLimits;
import dev.jrunc.linux.plan.PlanRecords;

import java.util.List;
import java.util.Map;

/**
 * The process attributes jrunc-init sets just before the credential switch (scheduler, I/O
 * priority, personality, NUMA memory policy) and the session keyring, as kernel numbers.
 * The names were checked by the validator; the numbers are the kernel's UAPI values.
 */
final class Confinement {
    private static final Map<String, Integer> POLICIES = Map.of(
            "SCHED_OTHER", 0, "SCHED_FIFO", 1, "SCHED_RR", 2, "SCHED_BATCH", 3, "SCHED_ISO", 4,
            "SCHED_IDLE", 5, "SCHED_DEADLINE", 6);
    private static final Map<String, Long> SCHED_FLAGS = Map.of(
            "SCHED_FLAG_RESET_ON_FORK", 0x01L, "SCHED_FLAG_RECLAIM", 0x02L, "SCHED_FLAG_DL_OVERRUN", 0x04L,
            "SCHED_FLAG_KEEP_POLICY", 0x08L, "SCHED_FLAG_KEEP_PARAMS", 0x10L, "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20L,
            "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40L);
    private static final Map<String, Integer> IO_CLASSES = Map.of(
            "IOPRIO_CLASS_RT", 1, "IOPRIO_CLASS_BE", 2, "IOPRIO_CLASS_IDLE", 3);
    /** PER_LINUX and PER_LINUX32 of linux/personality.h. */
    private static final Map<String, Integer> PERSONAS = Map.of("LINUX", 0x0000, "LINUX32", 0x0008);
    private static final Map<String, Integer> MEMPOLICY_MODES = Map.of(
            "MPOL_DEFAULT", 0, "MPOL_PREFERRED", 1, "MPOL_BIND", 2, "MPOL_INTERLEAVE", 3, "MPOL_LOCAL", 4,
            "MPOL_PREFERRED_MANY", 5, "MPOL_WEIGHTED_INTERLEAVE", 6);
    private static final Map<String, Integer> MEMPOLICY_FLAGS = Map.of(
            "MPOL_F_STATIC_NODES", 1 << 15, "MPOL_F_RELATIVE_NODES", 1 << 14, "MPOL_F_NUMA_BALANCING", 1 << 13);
    private static final int MAX_NODE = PlanLimits.MAX_NODE_WORDS * 64 - 1;

    /** Keep every permission bit of a new session keyring; add search for its owner (runc's). */
    static final int KEYRING_KEEP = 0xFFFFFFFF;
    static final int KEYRING_USER_SEARCH = 0x00080000;
    /** In a user namespace the owner may differ from the container's uid: search for others. */
    static final int KEYRING_OTHER_SEARCH = 0x00000008;

    private Confinement() {
    }

    static void addProcessAttributes(InitPlanWriter plan, Process p) {
        Scheduler s = p.scheduler();
        if (s != null) {
            long flags = 0;
            for (String f : orEmpty(s.flags())) {
                flags |= SCHED_FLAGS.get(f);
            }
            plan.scheduler(new PlanRecords.Scheduler(POLICIES.get(s.policy()), value(s.nice()), value(s.priority()),
                    flags, value(s.runtime()), value(s.deadline()), value(s.period())));
        }
        LinuxIoPriority io = p.ioPriority();
        if (io != null) {
            plan.ioPriority(IO_CLASSES.get(io.ioClass()), value(io.priority()));
        }
    }

    static void addLinuxAttributes(InitPlanWriter plan, Linux linux) {
        if (linux.personality() != null) {
            plan.personality(PERSONAS.get(linux.personality().domain()));
        }
        LinuxMemoryPolicy m = linux.memoryPolicy();
        if (m != null) {
            int flags = 0;
            for (String f : orEmpty(m.flags())) {
                flags |= MEMPOLICY_FLAGS.get(f);
            }
            long[] nodes = CpuList.words(CpuList.parse(m.nodes(), MAX_NODE));
            plan.memoryPolicy(new PlanRecords.MemoryPolicy(MEMPOLICY_MODES.get(m.mode()), flags, nodes));
        }
    }

    /**
     * {@code execCPUAffinity} of an exec'd process: {@code initial} for jrunc-init exec before
     * the process is put into the container's cgroups, {@code final} just before its execve
     * (runc 1.2). An absent list travels as an empty mask: that point leaves the affinity alone.
     */
    static void addExecCpuAffinity(InitPlanWriter plan, Process p) {
        CpuAffinity a = p.execCpuAffinity();
        if (a == null) {
            return;
        }
        plan.cpuAffinity(CpuList.words(CpuList.parse(a.initial(), ProcessValidator.MAX_CPU)),
                CpuList.words(CpuList.parse(a.finalCpus(), ProcessValidator.MAX_CPU)));
    }

    /** runc's session keyring: {@code _ses.<id>}, searchable by the container's user. */
    static void addSessionKeyring(InitPlanWriter plan, String containerId, boolean userNamespace) {
        plan.sessionKeyring(new PlanRecords.SessionKeyring("_ses." + containerId, KEYRING_KEEP,
                userNamespace ? KEYRING_OTHER_SEARCH : KEYRING_USER_SEARCH));
    }

    private static int value(Integer v) {
        return v == null ? 0 : v;
    }

    private static long value(Long v) {
        return v == null ? 0 : v;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
