package dev.jrunc.core.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic-BPF interpreter for seccomp programs, as the kernel runs them: A, X and 16
 * scratch words, loads from {@code struct seccomp_data} (nr, arch, instruction pointer,
 * six u64 args), forward jumps only. Enough to run what libseccomp exports and jrunc
 * prepends, so tests see what a syscall gets instead of reading opcodes.
 */
final class ClassicBpf {
    private ClassicBpf() {
    }

    /** The action the program returns for syscall {@code nr} on {@code arch}, all arguments 0. */
    static int run(byte[] program, int nr, int arch) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        data.putInt(0, nr).putInt(4, arch);
        ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        int n = program.length / 8;
        int a = 0;
        int x = 0;
        int[] mem = new int[16];
        for (int pc = 0; pc < n; pc++) {
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            int k = p.getInt(pc * 8 + 4);
            int cls = code & 0x07;
            switch (cls) {
                case 0x00, 0x01 -> {        // LD, LDX
                    int v = switch (code & 0xe0) {
                        case 0x00 -> k;                                  // IMM
                        case 0x20 -> load(data, k, code);                // ABS
                        case 0x60 -> mem[k];                             // MEM
                        case 0x80 -> 64;                                 // LEN
                        default -> throw new IllegalStateException("load mode " + Integer.toHexString(code));
                    };
                    if (cls == 0x00) {
                        a = v;
                    } else {
                        x = v;
                    }
                }
                case 0x02 -> mem[k] = a;    // ST
                case 0x03 -> mem[k] = x;    // STX
                case 0x04 -> a = alu(code, a, (code & 0x08) != 0 ? x : k);
                case 0x05 -> {
                    int op = code & 0xf0;
                    if (op == 0x00) {
                        pc += k;
                        continue;
                    }
                    int src = (code & 0x08) != 0 ? x : k;
                    boolean taken = switch (op) {
                        case 0x10 -> a == src;
                        case 0x20 -> Integer.compareUnsigned(a, src) > 0;
                        case 0x30 -> Integer.compareUnsigned(a, src) >= 0;
                        case 0x40 -> (a & src) != 0;
                        default -> throw new IllegalStateException("jump " + Integer.toHexString(code));
                    };
                    pc += taken ? jt : jf;
                }
                case 0x06 -> {
                    return (code & 0x18) == 0x10 ? a : k;
                }
                case 0x07 -> {
                    if ((code & 0xf8) == 0x00) {
                        x = a;  // TAX
                    } else {
                        a = x;  // TXA
                    }
                }
                default -> throw new IllegalStateException("class " + cls);
            }
        }
        throw new IllegalStateException("ran off the end of the program");
    }

    private static int load(ByteBuffer data, int offset, int code) {
        if ((code & 0x18) != 0x00) {
            throw new IllegalStateException("seccomp loads only words: " + Integer.toHexString(code));
        }
        return data.getInt(offset);
    }

    private static int alu(int code, int a, int v) {
        return switch (code & 0xf0) {
            case 0x00 -> a + v;
            case 0x10 -> a - v;
            case 0x20 -> a * v;
            case 0x30 -> Integer.divideUnsigned(a, v);
            case 0x40 -> a | v;
            case 0x50 -> a & v;
            case 0x60 -> a << v;
            case 0x70 -> a >>> v;
            case 0x80 -> -a;
            case 0xa0 -> a ^ v;
            default -> throw new IllegalStateException("alu " + Integer.toHexString(code));
        };
    }
}
