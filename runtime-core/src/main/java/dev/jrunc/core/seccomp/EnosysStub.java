package dev.jrunc.core.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The classic-BPF prologue that makes a syscall newer than every syscall a profile names fail
 * with {@code ENOSYS} instead of the profile's default action (runc's "patchbpf"). A profile
 * written before a syscall existed cannot mention it, so with a default of {@code EPERM}
 * glibc would see {@code clone3} "forbidden" and never fall back to {@code clone}; with
 * {@code ENOSYS} it does, as on a kernel that lacks the syscall.
 *
 * <p>Layout (jumps are relative and forward only, so the prologue is simply put in front of
 * libseccomp's program, which loads what it needs itself):
 * <pre>
 *   ld  [4]                       arch
 *   jeq #ARCH, 0, (skip block)    one block per audit arch, in ascending order
 *     ld  [0]                     nr
 *     (s390/s390x) jeq #0 → ENOSYS          nr 0 is how they multiplex "large" numbers
 *     (x86_64)     jset #X32_BIT → ...      x32 and x86_64 calls share the audit arch
 *     jgt #MAX → ENOSYS, else → FILTER
 *   ja  FILTER                    an arch without a block
 *   ENOSYS: ret ERRNO(ENOSYS)
 *   FILTER: libseccomp's program
 * </pre>
 */
public final class EnosysStub {
    /** libseccomp's arch tokens are the kernel's AUDIT_ARCH values, except x32's. */
    public static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    public static final int SCMP_ARCH_X32 = 0x4000003E;
    static final int AUDIT_ARCH_S390 = 0x00000016;
    static final int AUDIT_ARCH_S390X = 0x80000016;
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int RET_ERRNO_ENOSYS = 0x00050000 | 38;

    static final short LD_W_ABS = 0x20;
    static final short JMP_JA = 0x05;
    static final short JMP_JEQ_K = 0x15;
    static final short JMP_JGT_K = 0x25;
    static final short JMP_JSET_K = 0x45;
    static final short RET_K = 0x06;
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    private static final int MAX_SHORT_JUMP = 255;

    /**
     * The newest syscall a profile names for one audit arch: {@code max} in the arch's own
     * numbering; {@code x32Max} only for the x86_64 audit arch, x32's numbers (bit 30 set),
     * which share it. 0 means "none named".
     */
    public record Maxima(int max, int x32Max) {
    }

    private EnosysStub() {
    }

    /** The prologue as {@code struct sock_filter}s in host byte order; empty when no arch has a maximum. */
    public static byte[] prologue(SortedMap<Integer, Maxima> byAuditArch) {
        List<long[]> blocks = new ArrayList<>();
        List<Integer> archs = new ArrayList<>();
        for (Map.Entry<Integer, Maxima> e : byAuditArch.entrySet()) {
            Maxima m = e.getValue();
            if (m.max() == 0 && m.x32Max() == 0) {
                continue;
            }
            archs.add(e.getKey());
        }
        if (archs.isEmpty()) {
            return new byte[0];
        }
        // Build back to front: each jump's distance is known once what follows it is placed.
        List<Insn> tail = new ArrayList<>();
        tail.add(new Insn(JMP_JA, 0, 0, 1));                 // no block for this arch: to FILTER
        tail.add(new Insn(RET_K, 0, 0, RET_ERRNO_ENOSYS));    // ENOSYS
        for (int i = archs.size() - 1; i >= 0; i--) {
            int arch = archs.get(i);
            List<Insn> body = body(arch, byAuditArch.get(arch), tail.size());
            List<Insn> block = new ArrayList<>();
            block.add(new Insn(JMP_JEQ_K, 0, jump(body.size()), arch));
            block.addAll(body);
            tail.addAll(0, block);
        }
        tail.addFirst(new Insn(LD_W_ABS, 0, 0, OFFSET_ARCH));
        ByteBuffer b = ByteBuffer.allocate(tail.size() * 8).order(ByteOrder.nativeOrder());
        for (Insn insn : tail) {
            b.putShort(insn.code).put((byte) insn.jt).put((byte) insn.jf).putInt(insn.k);
        }
        return b.array();
    }

    /** {@code stub} in front of {@code program}: both whole instruction arrays. */
    public static byte[] prepend(byte[] stub, byte[] program) {
        byte[] all = new byte[stub.length + program.length];
        System.arraycopy(stub, 0, all, 0, stub.length);
        System.arraycopy(program, 0, all, stub.length, program.length);
        return all;
    }

    /**
     * One arch's block after its {@code jeq}; {@code after} instructions follow it, the last
     * being the ENOSYS return, so ENOSYS is {@code after - 1} instructions past the block's
     * end and FILTER (the first instruction of libseccomp's program) {@code after}.
     */
    private static List<Insn> body(int arch, Maxima m, int after) {
        List<Insn> body = new ArrayList<>();
        body.add(new Insn(LD_W_ABS, 0, 0, OFFSET_NR));
        boolean s390 = arch == AUDIT_ARCH_S390 || arch == AUDIT_ARCH_S390X;
        // Each comparison is written with n instructions still to come in the block.
        List<Compare> compares = new ArrayList<>();
        if (arch == AUDIT_ARCH_X86_64) {
            if (m.max() != 0 && m.x32Max() != 0) {
                compares.add(new Compare(JMP_JSET_K, X32_SYSCALL_BIT, Target.NEXT_PLUS_ONE, Target.NEXT));
                compares.add(new Compare(JMP_JGT_K, m.max(), Target.ENOSYS, Target.FILTER));
                compares.add(new Compare(JMP_JGT_K, m.x32Max(), Target.ENOSYS, Target.FILTER));
            } else if (m.max() != 0) {
                compares.add(new Compare(JMP_JSET_K, X32_SYSCALL_BIT, Target.FILTER, Target.NEXT));
                compares.add(new Compare(JMP_JGT_K, m.max(), Target.ENOSYS, Target.FILTER));
            } else {
                compares.add(new Compare(JMP_JSET_K, X32_SYSCALL_BIT, Target.NEXT, Target.FILTER));
                compares.add(new Compare(JMP_JGT_K, m.x32Max(), Target.ENOSYS, Target.FILTER));
            }
        } else {
            if (s390) {
                compares.add(new Compare(JMP_JEQ_K, 0, Target.ENOSYS, Target.NEXT));
            }
            compares.add(new Compare(JMP_JGT_K, m.max(), Target.ENOSYS, Target.FILTER));
        }
        for (int i = 0; i < compares.size(); i++) {
            int rest = compares.size() - 1 - i;     // block instructions after this one
            Compare c = compares.get(i);
            body.add(new Insn(c.code, c.jt.distance(rest, after), c.jf.distance(rest, after), c.k));
        }
        return body;
    }

    private static int jump(int distance) {
        if (distance > MAX_SHORT_JUMP) {
            throw new IllegalStateException("ENOSYS prologue too long for a conditional jump: " + distance);
        }
        return distance;
    }

    private enum Target {
        NEXT, NEXT_PLUS_ONE, ENOSYS, FILTER;

        /** Distance from an instruction with {@code rest} block instructions after it. */
        int distance(int rest, int after) {
            return jump(switch (this) {
                case NEXT -> 0;
                case NEXT_PLUS_ONE -> 1;
                case ENOSYS -> rest + after - 1;
                case FILTER -> rest + after;
            });
        }
    }

    private record Compare(short code, int k, Target jt, Target jf) {
    }

    private record Insn(short code, int jt, int jf, int k) {
    }
}
