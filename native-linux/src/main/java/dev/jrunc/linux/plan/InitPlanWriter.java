package dev.jrunc.linux.plan;

import dev.jrunc.linux.plan.PlanRecords.Capabilities;
import dev.jrunc.linux.plan.PlanRecords.Device;
import dev.jrunc.linux.plan.PlanRecords.Hook;
import dev.jrunc.linux.plan.PlanRecords.MemoryPolicy;
import dev.jrunc.linux.plan.PlanRecords.Mount;
import dev.jrunc.linux.plan.PlanRecords.Scheduler;
import dev.jrunc.linux.plan.PlanRecords.SessionKeyring;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes an init plan exactly as docs/init-protocol.md section 3 defines it. Ops are written
 * in call order. The writer enforces the same limits as the C reader, so a plan it builds is
 * never refused for its shape; what the plan asks for is checked by jrunc-init when it runs.
 */
public final class InitPlanWriter {
    /** USER umask meaning "leave the umask as jrunc-init found it". */
    public static final int UMASK_UNCHANGED = 0xFFFFFFFF;

    private final ByteArrayOutputStream ops = new ByteArrayOutputStream();
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final Set<Integer> singletons = new HashSet<>();
    private final Set<NamespaceType> namespaces = EnumSet.noneOf(NamespaceType.class);
    private final int[] counts = new int[PlanOp.MAX + 1];
    private int lastOp;
    private final java.util.Set<Lsm> execLabels = EnumSet.noneOf(Lsm.class);

    public InitPlanWriter namespace(NamespaceType type, String path) {
        if (namespaces.contains(type)) {
            throw new IllegalArgumentException("namespace " + type.specName() + " given twice");
        }
        op(PlanOp.NAMESPACE, () -> {
            u32(type.planType());
            str(path, PlanLimits.MAX_PATH);
        });
        namespaces.add(type);
        return this;
    }

    public InitPlanWriter rootfs(String path) {
        return once(PlanOp.ROOTFS, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter rootfsPropagation(long msFlags) {
        return once(PlanOp.ROOTFS_PROPAGATION, () -> u64(msFlags));
    }

    public InitPlanWriter mount(Mount m) {
        return listed(PlanOp.MOUNT, PlanLimits.MAX_LIST, () -> {
            str(m.source(), PlanLimits.MAX_PATH);
            str(m.destination(), PlanLimits.MAX_PATH);
            str(m.fstype(), PlanLimits.MAX_PATH);
            u64(m.flags());
            u64(m.propagation());
            u64(m.attrSet());
            u64(m.attrClr());
            str(m.data(), PlanLimits.MAX_STRING);
        });
    }

    public InitPlanWriter device(Device d) {
        if ("cbup".indexOf(d.type()) < 0) {
            throw new IllegalArgumentException("device type " + d.type());
        }
        if ((d.mode() & ~07777) != 0) {
            throw new IllegalArgumentException("device mode " + Integer.toOctalString(d.mode()));
        }
        return listed(PlanOp.DEVICE, PlanLimits.MAX_LIST, () -> {
            str(d.path(), PlanLimits.MAX_PATH);
            u32(d.type());
            u32(d.major());
            u32(d.minor());
            u32(d.mode());
            u32(d.uid());
            u32(d.gid());
            u32(d.bind() ? 1 : 0);
        });
    }

    public InitPlanWriter symlink(String target, String linkpath) {
        return listed(PlanOp.SYMLINK, PlanLimits.MAX_LIST, () -> {
            str(target, PlanLimits.MAX_PATH);
            str(linkpath, PlanLimits.MAX_PATH);
        });
    }

    public InitPlanWriter maskedPath(String path) {
        return listed(PlanOp.MASKED_PATH, PlanLimits.MAX_LIST, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter readonlyPath(String path) {
        return listed(PlanOp.READONLY_PATH, PlanLimits.MAX_LIST, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter noPivot() {
        return once(PlanOp.NO_PIVOT, () -> {});
    }

    public InitPlanWriter rootReadonly() {
        return once(PlanOp.ROOT_READONLY, () -> {});
    }

    public InitPlanWriter hostname(String name) {
        return once(PlanOp.HOSTNAME, () -> str(name, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter domainname(String name) {
        return once(PlanOp.DOMAINNAME, () -> str(name, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter sysctl(String key, String value) {
        return listed(PlanOp.SYSCTL, PlanLimits.MAX_LIST, () -> {
            str(key, PlanLimits.MAX_PATH);
            str(value, PlanLimits.MAX_STRING);
        });
    }

    /** {@code soft}/{@code hard} are unsigned; -1 is RLIM_INFINITY. */
    public InitPlanWriter rlimit(int resource, long soft, long hard) {
        return listed(PlanOp.RLIMIT, PlanLimits.MAX_RLIMITS, () -> {
            u32(resource);
            u64(soft);
            u64(hard);
        });
    }

    /** {@code umask} is permission bits or {@link #UMASK_UNCHANGED}; ids are unsigned. */
    public InitPlanWriter user(int uid, int gid, int umask, int... additionalGids) {
        if (umask != UMASK_UNCHANGED && (umask & ~0777) != 0) {
            throw new IllegalArgumentException("umask " + Integer.toOctalString(umask));
        }
        if (additionalGids.length > PlanLimits.MAX_GIDS) {
            throw new IllegalArgumentException("too many additional gids: " + additionalGids.length);
        }
        return once(PlanOp.USER, () -> {
            u32(uid);
            u32(gid);
            u32(umask);
            u32(additionalGids.length);
            for (int g : additionalGids) {
                u32(g);
            }
        });
    }

    public InitPlanWriter cwd(String path) {
        return once(PlanOp.CWD, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter env(String nameValue) {
        return listed(PlanOp.ENV, PlanLimits.MAX_ENV, () -> str(nameValue, PlanLimits.MAX_STRING));
    }

    public InitPlanWriter arg(String arg) {
        return listed(PlanOp.ARG, PlanLimits.MAX_ARGS, () -> str(arg, PlanLimits.MAX_STRING));
    }

    public InitPlanWriter terminal(int rows, int cols) {
        return once(PlanOp.TERMINAL, () -> {
            u32(rows);
            u32(cols);
        });
    }

    public InitPlanWriter consoleSocket(String path) {
        return once(PlanOp.CONSOLE_SOCKET, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter execFifo(String path) {
        return once(PlanOp.EXEC_FIFO, () -> str(path, PlanLimits.MAX_PATH));
    }

    public InitPlanWriter capabilities(Capabilities c) {
        return once(PlanOp.CAPABILITIES, () -> {
            u64(c.bounding());
            u64(c.effective());
            u64(c.permitted());
            u64(c.inheritable());
            u64(c.ambient());
        });
    }

    public InitPlanWriter noNewPrivileges() {
        return once(PlanOp.NO_NEW_PRIVS, () -> {});
    }

    public InitPlanWriter oomScoreAdj(int value) {
        return once(PlanOp.OOM_SCORE_ADJ, () -> u32(value));
    }

    public InitPlanWriter preserveFds(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("preserved fds " + n);
        }
        return once(PlanOp.PRESERVE_FDS, () -> u32(n));
    }

    /**
     * A seccomp program (classic BPF, {@code struct sock_filter} in the host's byte order) and
     * the {@link SeccompFilterFlags} to load it with.
     */
    public InitPlanWriter seccomp(int flags, byte[] program) {
        if ((flags & ~SeccompFilterFlags.PLAN_FLAGS) != 0) {
            throw new IllegalArgumentException("seccomp flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & SeccompFilterFlags.WAIT_KILLABLE_RECV) != 0 && (flags & SeccompFilterFlags.NEW_LISTENER) == 0) {
            throw new IllegalArgumentException("seccomp flag WAIT_KILLABLE_RECV without NEW_LISTENER");
        }
        if (program.length == 0 || program.length % PlanLimits.SECCOMP_INSN_BYTES != 0
                || program.length > PlanLimits.MAX_SECCOMP_INSNS * PlanLimits.SECCOMP_INSN_BYTES) {
            throw new IllegalArgumentException("seccomp program of " + program.length + " bytes (at most "
                    + PlanLimits.MAX_SECCOMP_INSNS + " instructions of " + PlanLimits.SECCOMP_INSN_BYTES + ")");
        }
        return once(PlanOp.SECCOMP, () -> {
            u32(flags);
            u32(program.length);
            payload.writeBytes(program);
        });
    }

    public InitPlanWriter scheduler(Scheduler s) {
        return once(PlanOp.SCHEDULER, () -> {
            u32(s.policy());
            u32(s.nice());
            u32(s.priority());
            u64(s.flags());
            u64(s.runtime());
            u64(s.deadline());
            u64(s.period());
        });
    }

    /** {@code ioClass} 0-7 and {@code level} 0-8191: the two parts of the kernel's ioprio value. */
    public InitPlanWriter ioPriority(int ioClass, int level) {
        if (ioClass < 0 || ioClass > 7 || level < 0 || level > 0x1fff) {
            throw new IllegalArgumentException("io priority class " + ioClass + " level " + level);
        }
        return once(PlanOp.IO_PRIORITY, () -> {
            u32(ioClass);
            u32(level);
        });
    }

    /** The persona for personality(2); 0xffffffff (a query) is refused. */
    public InitPlanWriter personality(int persona) {
        if (persona == -1) {
            throw new IllegalArgumentException("persona 0xffffffff");
        }
        return once(PlanOp.PERSONALITY, () -> u32(persona));
    }

    public InitPlanWriter memoryPolicy(MemoryPolicy m) {
        long[] nodes = m.nodes();
        checkMask("node mask", nodes, PlanLimits.MAX_NODE_WORDS);
        return once(PlanOp.MEMORY_POLICY, () -> {
            u32(m.mode());
            u32(m.flags());
            mask(nodes);
        });
    }

    /** CPU masks as u64 words; an empty mask leaves the affinity alone at that point. */
    public InitPlanWriter cpuAffinity(long[] initial, long[] finalCpus) {
        checkMask("initial cpu mask", initial, PlanLimits.MAX_CPU_WORDS);
        checkMask("final cpu mask", finalCpus, PlanLimits.MAX_CPU_WORDS);
        long[] i = initial.clone();
        long[] f = finalCpus.clone();
        return once(PlanOp.CPU_AFFINITY, () -> {
            mask(i);
            mask(f);
        });
    }

    public InitPlanWriter sessionKeyring(SessionKeyring k) {
        if (k.name().isEmpty()) {
            throw new IllegalArgumentException("empty keyring name");
        }
        return once(PlanOp.SESSION_KEYRING, () -> {
            str(k.name(), PlanLimits.MAX_PATH);
            u32(k.keepMask());
            u32(k.addBits());
        });
    }

    /**
     * exec: the container init whose namespaces the new process joins, named by its pid and
     * its start time (field 22 of /proc/PID/stat), so that a reused pid is never joined.
     */
    public InitPlanWriter joinPid(int pid, long startTime) {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid " + pid);
        }
        return once(PlanOp.JOIN_PID, () -> {
            u32(pid);
            u64(startTime);
        });
    }

    public InitPlanWriter hook(Hook h) {
        if (h.kind() < 1 || h.kind() > 6) {
            throw new IllegalArgumentException("unknown hook kind " + h.kind());
        }
        if (!h.path().startsWith("/")) {
            throw new IllegalArgumentException("hook path " + h.path() + " is not absolute");
        }
        checkCount("hook args", h.args().size(), PlanLimits.MAX_LIST);
        checkCount("hook env", h.env().size(), PlanLimits.MAX_LIST);
        return listed(PlanOp.HOOK, PlanLimits.MAX_HOOKS, () -> {
            u32(h.kind());
            u32(h.timeout());
            str(h.path(), PlanLimits.MAX_PATH);
            strs(h.args());
            strs(h.env());
        });
    }

    /** The hooks' state JSON around {@code "status":...[,"pid":N]}, which jrunc-init fills in. */
    public InitPlanWriter hookState(String head, String tail) {
        return once(PlanOp.HOOK_STATE, () -> {
            str(head, PlanLimits.MAX_HOOK_STATE);
            str(tail, PlanLimits.MAX_HOOK_STATE);
        });
    }

    /** The init stops before pivot_root for the runtime's prestart and createRuntime hooks. */
    public InitPlanWriter hookSync() {
        return once(PlanOp.HOOK_SYNC, () -> { });
    }

    /**
     * The offsets of the new time namespace (written before the init enters it). Nanoseconds
     * below one second; the seconds may be negative.
     */
    public InitPlanWriter timeOffsets(long monotonicSecs, int monotonicNanos, long boottimeSecs, int boottimeNanos) {
        if (monotonicNanos < 0 || monotonicNanos >= 1_000_000_000 || boottimeNanos < 0
                || boottimeNanos >= 1_000_000_000) {
            throw new IllegalArgumentException("time offset nanoseconds out of range");
        }
        return once(PlanOp.TIME_OFFSETS, () -> {
            u64(monotonicSecs);
            u32(monotonicNanos);
            u64(boottimeSecs);
            u32(boottimeNanos);
        });
    }

    /** The LSMs an EXEC_LABEL names (the u32 of the op). */
    public enum Lsm {
        APPARMOR(1), SELINUX(2);

        final int code;

        Lsm(int code) {
            this.code = code;
        }
    }

    /**
     * The label the process gets at its execve: for AppArmor a profile name, for SELinux a
     * process label; at most one per LSM.
     */
    public InitPlanWriter execLabel(Lsm lsm, String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("empty " + lsm.name().toLowerCase(java.util.Locale.ROOT) + " label");
        }
        if (!execLabels.add(lsm)) {
            throw new IllegalStateException("two " + lsm + " exec labels");
        }
        op(PlanOp.EXEC_LABEL, () -> {
            u32(lsm.code);
            str(label, PlanLimits.MAX_PATH);
        });
        return this;
    }

    /**
     * Makes the MOUNT just added (a bind) id-mapped: {@code uidMap}/{@code gidMap} are
     * uid_map/gid_map texts ("inside outside count" lines); {@code recursive} maps its
     * submounts too.
     */
    public InitPlanWriter mountIdmap(boolean recursive, String uidMap, String gidMap) {
        if (lastOp != PlanOp.MOUNT) {
            throw new IllegalStateException("MOUNT_IDMAP must follow its MOUNT");
        }
        checkIdMap(uidMap);
        checkIdMap(gidMap);
        return listed(PlanOp.MOUNT_IDMAP, PlanLimits.MAX_LIST, () -> {
            u32(recursive ? 1 : 0);
            str(uidMap, PlanLimits.MAX_ID_MAP);
            str(gidMap, PlanLimits.MAX_ID_MAP);
        });
    }

    private static void checkIdMap(String map) {
        if (map.isEmpty() || !map.matches("([0-9]+ [0-9]+ [0-9]+\n)+")) {
            throw new IllegalArgumentException("id map must be lines of three numbers");
        }
        long lines = map.chars().filter(ch -> ch == '\n').count();
        if (lines > PlanLimits.MAX_ID_MAP_LINES) {
            throw new IllegalArgumentException("id map of " + lines + " lines over the limit "
                    + PlanLimits.MAX_ID_MAP_LINES);
        }
    }

    /** The plan: header, then the ops in the order they were added. */
    public byte[] build() {
        int length = ops.size();
        byte[] out = new byte[PlanLimits.HEADER_LENGTH + length];
        System.arraycopy("JRUNCPLN".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 8);
        LittleEndian.putU32(out, 8, PlanLimits.VERSION);
        LittleEndian.putU32(out, 12, length);
        System.arraycopy(ops.toByteArray(), 0, out, PlanLimits.HEADER_LENGTH, length);
        return out;
    }

    private InitPlanWriter once(int op, Runnable fields) {
        if (singletons.contains(op)) {
            throw new IllegalStateException(PlanOp.name(op) + " given twice");
        }
        op(op, fields);
        singletons.add(op);
        return this;
    }

    private InitPlanWriter listed(int op, int limit, Runnable fields) {
        if (counts[op] >= limit) {
            throw new IllegalStateException("more than " + limit + " " + PlanOp.name(op) + " ops");
        }
        op(op, fields);
        counts[op]++;
        return this;
    }

    /** Writes one op; on any refusal nothing of it is kept. */
    private void op(int op, Runnable fields) {
        payload.reset();
        fields.run();
        int len = payload.size();
        if (PlanLimits.HEADER_LENGTH + ops.size() + 8L + len > PlanLimits.MAX_PLAN) {
            throw new IllegalStateException("plan larger than " + PlanLimits.MAX_PLAN + " bytes");
        }
        byte[] head = new byte[8];
        head[0] = (byte) op;
        head[1] = (byte) (op >>> 8);
        LittleEndian.putU32(head, 4, len);
        ops.writeBytes(head);
        ops.writeBytes(payload.toByteArray());
        lastOp = op;
    }

    private static void checkMask(String what, long[] words, int limit) {
        if (words.length > limit) {
            throw new IllegalArgumentException(what + " of " + words.length + " words over the limit " + limit);
        }
    }

    private static void checkCount(String what, int n, int limit) {
        if (n > limit) {
            throw new IllegalArgumentException(what + ": " + n + " entries over the limit " + limit);
        }
    }

    private void strs(java.util.List<String> list) {
        u32(list.size());
        for (String s : list) {
            str(s, PlanLimits.MAX_STRING);
        }
    }

    private void mask(long[] words) {
        u32(words.length);
        for (long w : words) {
            u64(w);
        }
    }

    private void u32(int v) {
        byte[] b = new byte[4];
        LittleEndian.putU32(b, 0, v);
        payload.writeBytes(b);
    }

    private void u64(long v) {
        u32((int) v);
        u32((int) (v >>> 32));
    }

    private void str(String s, int limit) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > limit) {
            throw new IllegalArgumentException("string of " + b.length + " bytes over the limit " + limit);
        }
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("string contains NUL");
            }
        }
        u32(b.length);
        payload.writeBytes(b);
    }
}
