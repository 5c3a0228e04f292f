package dev.jrunc.core.seccomp;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSeccompArg;
import dev.jrunc.core.spec.LinuxSyscall;
import dev.jrunc.linux.plan.PlanLimits;
import dev.jrunc.linux.seccomp.LibSeccomp;
import dev.jrunc.linux.seccomp.Libseccomp;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compiles {@code linux.seccomp} into a BPF program with libseccomp, following runc's rules:
 * syscall names libseccomp does not know are skipped, rules whose action is the default
 * action are skipped, and a rule that compares one argument twice becomes one rule per
 * comparison (libseccomp would AND them into a rule that can never match).
 */
public final class SeccompCompiler {
    /** The compiled filter: seccomp(2) flags ({@code SeccompFilterFlags}) and the program bytes. */
    public record Program(int flags, byte[] bpf) {
    }

    private static final int EEXIST = 17;
    private static final int EDOM = 33;
    private static final int NR_SCMP_ERROR = -1;
    private static final int MFD_CLOEXEC = 1;
    private static final int MAX_ARGS = 6;
    private static final int ARG_CMP_BYTES = 24;
    private static final int MASKED_EQ = 7;
    private static final int SCMP_ACT_ALLOW = 0x7fff0000;
    private static final int SCMP_ACT_LOG = 0x7ffc0000;
    private static final int SCMP_ACT_TRACE = 0x7ff00000;
    private static final int SCMP_ACT_ERRNO_ENOSYS = 0x00050000 | 38;
    private static final int ACTION_MASK = 0xffff0000;

    private SeccompCompiler() {
    }

    /** {@code field} is the JSON path of the seccomp object, for errors ({@code linux.seccomp}). */
    public static Program compile(LinuxSeccomp seccomp, String field) {
        int defaultAction = SeccompActions.value(seccomp.defaultAction(), seccomp.defaultErrnoRet(),
                field + ".defaultAction", field + ".defaultErrnoRet");
        int flags = SeccompFlags.planFlags(seccomp.flags() == null ? List.of() : seccomp.flags(), notifies(seccomp),
                field + ".flags");
        LibSeccomp lib = Libseccomp.lib();
        Pointer ctx = lib.seccomp_init(defaultAction);
        if (ctx == null) {
            throw new ConfigException(field + ".defaultAction", "libseccomp refused the action");
        }
        try {
            addArchitectures(lib, ctx, seccomp.architectures(), field + ".architectures");
            List<LinuxSyscall> syscalls = seccomp.syscalls() == null ? List.of() : seccomp.syscalls();
            for (int i = 0; i < syscalls.size(); i++) {
                addRules(lib, ctx, defaultAction, syscalls.get(i), JsonPath.index(field + ".syscalls", i));
            }
            byte[] bpf = EnosysStub.prepend(EnosysStub.prologue(enosysMaxima(lib, seccomp, defaultAction)),
                    export(lib, ctx, field));
            int insns = bpf.length / PlanLimits.SECCOMP_INSN_BYTES;   // with the ENOSYS prologue
            if (insns > PlanLimits.MAX_SECCOMP_INSNS) {
                throw new ConfigException(field, "the filter compiles to " + insns
                        + " BPF instructions, over the kernel's limit of " + PlanLimits.MAX_SECCOMP_INSNS);
            }
            return new Program(flags, bpf);
        } finally {
            lib.seccomp_release(ctx);
        }
    }

    /**
     * What the ENOSYS prologue ({@link EnosysStub}) needs, by runc's rules: nothing when the
     * default action lets calls through (ALLOW, LOG, TRACE: a tracer handles new syscalls
     * itself) or is ERRNO(ENOSYS) already; otherwise, for each architecture the profile
     * lists (none listed: no prologue, as runc), the highest number among all names of all
     * rules, whatever their action, that libseccomp knows for that architecture. Negative
     * numbers (libseccomp's pseudo-syscalls for multiplexed calls) never count.
     */
    static SortedMap<Integer, EnosysStub.Maxima> enosysMaxima(LibSeccomp lib, LinuxSeccomp seccomp, int defaultAction) {
        SortedMap<Integer, EnosysStub.Maxima> out = new TreeMap<>(Integer::compareUnsigned);
        if (!needsEnosysStub(defaultAction) || seccomp.architectures() == null || seccomp.syscalls() == null) {
            return out;
        }
        for (String arch : seccomp.architectures()) {
            int token = lib.seccomp_arch_resolve_name(SeccompArchitectures.libseccompName(arch));
            int max = 0;
            for (LinuxSyscall rule : seccomp.syscalls()) {
                for (String name : rule.names()) {
                    max = Math.max(max, lib.seccomp_syscall_resolve_name_arch(token, name));
                }
            }
            boolean x32 = token == EnosysStub.SCMP_ARCH_X32;
            int audit = x32 ? EnosysStub.AUDIT_ARCH_X86_64 : token;
            EnosysStub.Maxima m = out.getOrDefault(audit, new EnosysStub.Maxima(0, 0));
            out.put(audit, x32 ? new EnosysStub.Maxima(m.max(), max) : new EnosysStub.Maxima(max, m.x32Max()));
        }
        return out;
    }

    static boolean needsEnosysStub(int defaultAction) {
        return switch (defaultAction) {
            case SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_ERRNO_ENOSYS -> false;
            default -> (defaultAction & ACTION_MASK) != SCMP_ACT_TRACE;
        };
    }

    /** Whether a rule asks for SCMP_ACT_NOTIFY (the default action may not: the validator's rule). */
    public static boolean notifies(LinuxSeccomp seccomp) {
        return seccomp.syscalls() != null && seccomp.syscalls().stream()
                .anyMatch(s -> s != null && SeccompActions.NOTIFY.equals(s.action()));
    }

    private static void addArchitectures(LibSeccomp lib, Pointer ctx, List<String> archs, String field) {
        if (archs == null) {
            return;
        }
        for (int i = 0; i < archs.size(); i++) {
            String at = JsonPath.index(field, i);
            String name = SeccompArchitectures.libseccompName(archs.get(i));
            int token = name == null ? 0 : lib.seccomp_arch_resolve_name(name);
            if (token == 0) {
                throw new ConfigException(at, "unknown seccomp architecture \"" + archs.get(i) + "\"");
            }
            int rc = lib.seccomp_arch_add(ctx, token);
            if (rc == -EDOM) {
                // A filter is run by one kernel: it cannot hold architectures of both byte orders.
                throw new ConfigException(at, archs.get(i) + " cannot be combined with the native architecture"
                        + " (another byte order)");
            }
            if (rc < 0 && rc != -EEXIST) {
                throw new ConfigException(at, "cannot add architecture " + archs.get(i) + ": " + lib.strerror(-rc));
            }
        }
    }

    private static void addRules(LibSeccomp lib, Pointer ctx, int defaultAction, LinuxSyscall s, String at) {
        int action = SeccompActions.value(s.action(), s.errnoRet(), at + ".action", at + ".errnoRet");
        if (action == defaultAction) {
            return;  // libseccomp refuses such a rule; it changes nothing anyway
        }
        List<LinuxSeccompArg> args = s.args() == null ? List.of() : s.args();
        byte[] conditions = conditions(args, at + ".args");
        boolean split = reusesAnArgument(args);
        for (int j = 0; j < s.names().size(); j++) {
            String name = s.names().get(j);
            int nr = lib.seccomp_syscall_resolve_name(name);
            if (nr == NR_SCMP_ERROR) {
                continue;  // unknown to libseccomp: runc ignores it too
            }
            String nameAt = JsonPath.index(at + ".names", j);
            if (!split) {
                add(lib, ctx, action, nr, args.size(), conditions, nameAt, name);
                continue;
            }
            for (int k = 0; k < args.size(); k++) {
                byte[] one = new byte[ARG_CMP_BYTES];
                System.arraycopy(conditions, k * ARG_CMP_BYTES, one, 0, ARG_CMP_BYTES);
                add(lib, ctx, action, nr, 1, one, nameAt, name);
            }
        }
    }

    private static void add(LibSeccomp lib, Pointer ctx, int action, int nr, int count, byte[] conditions,
                            String at, String name) {
        int rc = lib.seccomp_rule_add_array(ctx, action, nr, count, conditions);
        if (rc < 0) {
            throw new ConfigException(at, "cannot add a seccomp rule for \"" + name + "\": " + lib.strerror(-rc));
        }
    }

    private static boolean reusesAnArgument(List<LinuxSeccompArg> args) {
        boolean[] seen = new boolean[MAX_ARGS];
        for (LinuxSeccompArg a : args) {
            int index = (int) (long) a.index();
            if (seen[index]) {
                return true;
            }
            seen[index] = true;
        }
        return false;
    }

    /** The args as {@code struct scmp_arg_cmp}s: u32 arg, u32 op, u64 datum_a, u64 datum_b. */
    private static byte[] conditions(List<LinuxSeccompArg> args, String field) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(1, args.size()) * ARG_CMP_BYTES).order(ByteOrder.nativeOrder());
        for (int k = 0; k < args.size(); k++) {
            String at = JsonPath.index(field, k);
            LinuxSeccompArg a = args.get(k);
            if (a.index() == null || Long.compareUnsigned(a.index(), MAX_ARGS - 1) > 0) {
                throw new ConfigException(at + ".index", "must be between 0 and " + (MAX_ARGS - 1));
            }
            int op = SeccompOperators.value(a.op(), at + ".op");
            long value = a.value() == null ? 0 : a.value();
            long valueTwo = a.valueTwo() == null ? 0 : a.valueTwo();
            b.putInt((int) (long) a.index()).putInt(op).putLong(value).putLong(op == MASKED_EQ ? valueTwo : 0);
        }
        return b.array();
    }

    private static byte[] export(LibSeccomp lib, Pointer ctx, String field) {
        int fd = lib.memfd_create("jrunc-seccomp", MFD_CLOEXEC);
        if (fd < 0) {
            throw new JruncException(field + ": memfd_create: " + lib.strerror(Libseccomp.errno()));
        }
        try {
            int rc = lib.seccomp_export_bpf(ctx, fd);
            if (rc < 0) {
                throw new JruncException(field + ": export the seccomp filter: " + lib.strerror(-rc));
            }
            return Files.readAllBytes(Path.of("/proc/self/fd/" + fd));
        } catch (IOException e) {
            throw new JruncException(field + ": read the exported seccomp filter: " + e.getMessage(), e);
        } finally {
            lib.close(fd);
        }
    }
}
