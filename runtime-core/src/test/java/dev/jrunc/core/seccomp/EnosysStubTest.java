package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSyscall;
import dev.jrunc.linux.seccomp.Libseccomp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ENOSYS prologue, run through a BPF interpreter: syscalls newer than the newest one a
 * profile names get ENOSYS, every other call reaches the filter unchanged.
 */
class EnosysStubTest {
    private static final int ALLOW = 0x7fff0000;
    private static final int EPERM = 0x00050001;
    private static final int ENOSYS = 0x00050026;
    private static final int KILL = 0x00000000;
    private static final int X86_64 = EnosysStub.AUDIT_ARCH_X86_64;
    private static final int I386 = 0x40000003;
    private static final int AARCH64 = 0xC00000B7;
    private static final int S390X = 0x80000016;
    private static final int X32 = 0x40000000;

    /** A stand-in for libseccomp's program: every call that reaches it is allowed. */
    private static final byte[] ALLOW_ALL = insn(EnosysStub.RET_K, 0, 0, ALLOW);

    private static byte[] insn(short code, int jt, int jf, int k) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putShort(code).put((byte) jt).put((byte) jf)
                .putInt(k).array();
    }

    private static byte[] patched(SortedMap<Integer, EnosysStub.Maxima> maxima) {
        return EnosysStub.prepend(EnosysStub.prologue(maxima), ALLOW_ALL);
    }

    private static SortedMap<Integer, EnosysStub.Maxima> of(Object... archAndMaxima) {
        SortedMap<Integer, EnosysStub.Maxima> m = new TreeMap<>(Integer::compareUnsigned);
        for (int i = 0; i < archAndMaxima.length; i += 2) {
            m.put((Integer) archAndMaxima[i], (EnosysStub.Maxima) archAndMaxima[i + 1]);
        }
        return m;
    }

    @Test
    void newerThanTheNewestNamedIsEnosysOnThatArchOnly() {
        byte[] p = patched(of(X86_64, new EnosysStub.Maxima(334, 0), AARCH64, new EnosysStub.Maxima(293, 0)));
        assertEquals(ALLOW, ClassicBpf.run(p, 0, X86_64));
        assertEquals(ALLOW, ClassicBpf.run(p, 334, X86_64), "the newest named one itself");
        assertEquals(ENOSYS, ClassicBpf.run(p, 335, X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(p, 435, X86_64), "clone3");
        assertEquals(ENOSYS, ClassicBpf.run(p, 0x3fffffff, X86_64), "the largest number without the x32 bit");
        assertEquals(ALLOW, ClassicBpf.run(p, X32 | 500, X86_64), "x32 calls: not in the profile, the filter decides");
        assertEquals(ALLOW, ClassicBpf.run(p, 293, AARCH64));
        assertEquals(ENOSYS, ClassicBpf.run(p, 294, AARCH64));
        assertEquals(ALLOW, ClassicBpf.run(p, 1000, I386), "an arch without a maximum goes to the filter");
    }

    @Test
    void x86_64AndX32AreToldApartByBit30() {
        byte[] both = patched(of(X86_64, new EnosysStub.Maxima(334, X32 | 300)));
        assertEquals(ALLOW, ClassicBpf.run(both, 334, X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(both, 335, X86_64));
        assertEquals(ALLOW, ClassicBpf.run(both, X32 | 300, X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(both, X32 | 301, X86_64));
        byte[] x32Only = patched(of(X86_64, new EnosysStub.Maxima(0, X32 | 300)));
        assertEquals(ALLOW, ClassicBpf.run(x32Only, 1000, X86_64), "x86_64 calls: the filter decides");
        assertEquals(ENOSYS, ClassicBpf.run(x32Only, X32 | 301, X86_64));
        assertEquals(ALLOW, ClassicBpf.run(x32Only, X32 | 2, X86_64));
    }

    @Test
    void s390xMultiplexerNumberZeroIsEnosys() {
        byte[] p = patched(of(S390X, new EnosysStub.Maxima(400, 0)));
        assertEquals(ENOSYS, ClassicBpf.run(p, 0, S390X));
        assertEquals(ALLOW, ClassicBpf.run(p, 1, S390X));
        assertEquals(ENOSYS, ClassicBpf.run(p, 401, S390X));
    }

    @Test
    void nothingNamedMeansNoPrologue() {
        assertEquals(0, EnosysStub.prologue(of()).length);
        assertEquals(0, EnosysStub.prologue(of(X86_64, new EnosysStub.Maxima(0, 0))).length);
    }

    @Test
    void everyArchitectureAtOnceStaysWithinShortJumps() {
        SortedMap<Integer, EnosysStub.Maxima> all = new TreeMap<>(Integer::compareUnsigned);
        for (int i = 1; i <= 19; i++) {
            all.put(0x40000000 | i, new EnosysStub.Maxima(100 + i, 0));
        }
        all.put(X86_64, new EnosysStub.Maxima(334, X32 | 300));
        all.put(S390X, new EnosysStub.Maxima(400, 0));
        byte[] p = patched(all);
        for (int i = 1; i <= 19; i++) {
            assertEquals(ALLOW, ClassicBpf.run(p, 100 + i, 0x40000000 | i));
            assertEquals(ENOSYS, ClassicBpf.run(p, 101 + i, 0x40000000 | i));
        }
        assertEquals(ENOSYS, ClassicBpf.run(p, 335, X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(p, 0, S390X));
    }

    // ------------------------------------------------- with libseccomp's real program

    private static LinuxSeccomp profile(String defaultAction, Long errnoRet, List<String> archs, String... allowed) {
        return new LinuxSeccomp(defaultAction, errnoRet, archs, null, null, null,
                List.of(new LinuxSyscall(List.of(allowed), "SCMP_ACT_ALLOW", null, null),
                        new LinuxSyscall(List.of("no_such_syscall_at_all"), "SCMP_ACT_ALLOW", null, null)));
    }

    private static byte[] compiled(LinuxSeccomp s) {
        return SeccompCompiler.compile(s, "linux.seccomp").bpf();
    }

    @Test
    void compiledErrnoProfileGetsEnosysAboveItsNewestSyscallPerArch() {
        var lib = Libseccomp.lib();
        byte[] p = compiled(profile("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                "read", "write", "getppid", "rseq", "socket"));
        int x86 = lib.seccomp_arch_resolve_name("x86");
        int rseq64 = lib.seccomp_syscall_resolve_name_arch(X86_64, "rseq");
        int rseq32 = lib.seccomp_syscall_resolve_name_arch(x86, "rseq");
        int rseqX32 = lib.seccomp_syscall_resolve_name_arch(EnosysStub.SCMP_ARCH_X32, "rseq");
        assertEquals(ALLOW, ClassicBpf.run(p, lib.seccomp_syscall_resolve_name_arch(X86_64, "write"), X86_64));
        assertEquals(ALLOW, ClassicBpf.run(p, rseq64, X86_64));
        assertEquals(EPERM, ClassicBpf.run(p, lib.seccomp_syscall_resolve_name_arch(X86_64, "mkdir"), X86_64),
                "older and not allowed: the default action");
        assertEquals(ENOSYS, ClassicBpf.run(p, lib.seccomp_syscall_resolve_name_arch(X86_64, "clone3"), X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(p, rseq64 + 1, X86_64));
        assertEquals(ALLOW, ClassicBpf.run(p, rseq32, x86));
        assertEquals(ENOSYS, ClassicBpf.run(p, rseq32 + 1, x86), "i386 numbers have their own maximum");
        assertEquals(EPERM, ClassicBpf.run(p, lib.seccomp_syscall_resolve_name_arch(x86, "mkdir"), x86));
        assertEquals(ALLOW, ClassicBpf.run(p, rseqX32, X86_64));
        assertEquals(ENOSYS, ClassicBpf.run(p, rseqX32 + 1, X86_64), "x32: its numbers, with bit 30");
    }

    @Test
    void permissiveOrEnosysDefaultsAndNoArchitecturesGetNoPrologue() {
        List<String> x86_64 = List.of("SCMP_ARCH_X86_64");
        for (LinuxSeccomp s : List.of(profile("SCMP_ACT_ALLOW", null, x86_64, "read"),
                profile("SCMP_ACT_LOG", null, x86_64, "read"), profile("SCMP_ACT_TRACE", null, x86_64, "read"),
                profile("SCMP_ACT_ERRNO", 38L, x86_64, "read"), profile("SCMP_ACT_ERRNO", null, null, "read"))) {
            byte[] p = compiled(s);
            int first = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder()).getInt(4);
            assertEquals(4, first, "libseccomp's program starts with ld [4] itself: " + s.defaultAction());
            int newer = ClassicBpf.run(p, 1000, X86_64);
            assertTrue(newer != ENOSYS || s.defaultErrnoRet() != null, s.defaultAction() + " gave " + newer);
        }
        // KILL is not permissive: it gets the prologue too. Only "read" named is nr 0 on
        // x86_64, which counts as none named (as in runc): no prologue.
        assertEquals(ENOSYS, ClassicBpf.run(compiled(profile("SCMP_ACT_KILL", null, x86_64, "write")), 1000, X86_64));
        assertEquals(KILL, ClassicBpf.run(compiled(profile("SCMP_ACT_KILL", null, x86_64, "read")), 1000, X86_64));
        assertEquals(KILL, ClassicBpf.run(compiled(profile("SCMP_ACT_KILL", null, x86_64, "read", "rseq")), 39, X86_64));
    }

    @Test
    void prologueIsDeterministicForTheCache() {
        LinuxSeccomp s = profile("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64"), "read", "rseq");
        assertArrayEquals(compiled(s), compiled(s));
        assertTrue(SeccompKey.of("env", s).contains(SeccompKey.PROGRAM_FORMAT), "the key names the program format");
    }
}
