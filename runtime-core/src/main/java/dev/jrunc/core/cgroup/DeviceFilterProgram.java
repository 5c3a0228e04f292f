package dev.jrunc.core.cgroup;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup v2 device controller is an eBPF program (BPF_PROG_TYPE_CGROUP_DEVICE) run on
 * every device access of the cgroup's tasks; this builds it from the same rules the v1
 * controller takes. The program sees {@code struct bpf_cgroup_dev_ctx {u32 access_type;
 * u32 major; u32 minor;}} in r1, where access_type is (access << 16) | type, and returns 1
 * to allow or 0 to refuse (EPERM).
 *
 * <p>v1 semantics: later rules override earlier ones, so the rules are tested last to first
 * and the first match decides. An allow rule matches when the requested access is a subset
 * of its own; a deny rule when the request touches any of the denied access. No match means
 * allowed, as a fresh v1 cgroup allows everything (runc's rule lists start with "deny all"
 * whenever they restrict, which matches every request).
 */
public final class DeviceFilterProgram {
    /** BPF_DEVCG_DEV_BLOCK / _CHAR and BPF_DEVCG_ACC_MKNOD / _READ / _WRITE (linux/bpf.h). */
    static final int DEV_BLOCK = 1;
    static final int DEV_CHAR = 2;
    static final int ACC_MKNOD = 1;
    static final int ACC_READ = 2;
    static final int ACC_WRITE = 4;

    // Opcodes (linux/bpf_common.h, linux/bpf.h).
    static final int LDX_MEM_W = 0x61;     // BPF_LDX | BPF_MEM | BPF_W
    static final int ALU32_AND_K = 0x54;   // BPF_ALU | BPF_AND | BPF_K
    static final int ALU32_RSH_K = 0x74;   // BPF_ALU | BPF_RSH | BPF_K
    static final int ALU32_MOV_X = 0xbc;   // BPF_ALU | BPF_MOV | BPF_X
    static final int ALU64_MOV_K = 0xb7;   // BPF_ALU64 | BPF_MOV | BPF_K
    static final int JMP32_JNE_K = 0x56;   // BPF_JMP32 | BPF_JNE | BPF_K
    static final int JMP32_JNE_X = 0x5e;   // BPF_JMP32 | BPF_JNE | BPF_X
    static final int JMP32_JEQ_K = 0x16;   // BPF_JMP32 | BPF_JEQ | BPF_K
    static final int EXIT = 0x95;          // BPF_JMP | BPF_EXIT

    /** One 8-byte instruction. */
    record Insn(int code, int dst, int src, int off, int imm) {
        void encode(ByteArrayOutputStream out) {
            out.write(code);
            out.write((src << 4) | dst);
            out.write(off & 0xff);
            out.write((off >> 8) & 0xff);
            for (int i = 0; i < 4; i++) {
                out.write((imm >> (8 * i)) & 0xff);
            }
        }
    }

    private DeviceFilterProgram() {
    }

    /** The program for {@code rules}, as the kernel takes it (little-endian instructions). */
    public static byte[] build(List<DeviceRule> rules) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Insn i : instructions(rules)) {
            i.encode(out);
        }
        return out.toByteArray();
    }

    static List<Insn> instructions(List<DeviceRule> rules) {
        List<Insn> p = new ArrayList<>();
        // r2 = type, r3 = requested access, r4 = major, r5 = minor.
        p.add(new Insn(LDX_MEM_W, 2, 1, 0, 0));
        p.add(new Insn(ALU32_AND_K, 2, 0, 0, 0xFFFF));
        p.add(new Insn(LDX_MEM_W, 3, 1, 0, 0));
        p.add(new Insn(ALU32_RSH_K, 3, 0, 0, 16));
        p.add(new Insn(LDX_MEM_W, 4, 1, 4, 0));
        p.add(new Insn(LDX_MEM_W, 5, 1, 8, 0));
        for (int i = rules.size() - 1; i >= 0; i--) {
            List<Insn> block = block(rules.get(i));
            p.addAll(block);
            if (block.size() == 2) {
                // A rule matching every request ends the program: the verifier refuses
                // unreachable instructions after it.
                return p;
            }
        }
        p.add(new Insn(ALU64_MOV_K, 0, 0, 0, 1));
        p.add(new Insn(EXIT, 0, 0, 0, 0));
        return p;
    }

    /** Tests of one rule, each jumping past the block when it does not match; then return. */
    private static List<Insn> block(DeviceRule rule) {
        List<int[]> tests = new ArrayList<>(); // {code, dst, src, imm}; the offset is filled in below
        if (rule.type() != 'a') {
            tests.add(new int[] {JMP32_JNE_K, 2, 0, rule.type() == 'b' ? DEV_BLOCK : DEV_CHAR});
        }
        int access = access(rule.access());
        boolean accessTest = access != (ACC_MKNOD | ACC_READ | ACC_WRITE);
        if (rule.major() >= 0) {
            tests.add(new int[] {JMP32_JNE_K, 4, 0, (int) rule.major()});
        }
        if (rule.minor() >= 0) {
            tests.add(new int[] {JMP32_JNE_K, 5, 0, (int) rule.minor()});
        }
        List<Insn> b = new ArrayList<>();
        // Each test's jump lands on the first instruction after the block's exit.
        int length = tests.size() + (accessTest ? 3 : 0) + 2;
        for (int[] t : tests) {
            b.add(new Insn(t[0], t[1], t[2], length - b.size() - 1, t[3]));
        }
        if (accessTest) {
            // r1 = requested & rule's access (r1, the context, is no longer needed).
            b.add(new Insn(ALU32_MOV_X, 1, 3, 0, 0));
            b.add(new Insn(ALU32_AND_K, 1, 0, 0, access));
            if (rule.allow()) {
                // Allow only if nothing outside the rule's access was asked for.
                b.add(new Insn(JMP32_JNE_X, 1, 3, length - b.size() - 1, 0));
            } else {
                // Deny if any of the rule's access was asked for.
                b.add(new Insn(JMP32_JEQ_K, 1, 0, length - b.size() - 1, 0));
            }
        }
        b.add(new Insn(ALU64_MOV_K, 0, 0, 0, rule.allow() ? 1 : 0));
        b.add(new Insn(EXIT, 0, 0, 0, 0));
        return b;
    }

    static int access(String rwm) {
        int a = 0;
        for (char c : rwm.toCharArray()) {
            a |= switch (c) {
                case 'r' -> ACC_READ;
                case 'w' -> ACC_WRITE;
                default -> ACC_MKNOD;
            };
        }
        return a;
    }
}
