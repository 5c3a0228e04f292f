package dev.jrunc.linux;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * bpf(2) for the one use jrunc has: loading a BPF_PROG_TYPE_CGROUP_DEVICE program and
 * attaching it to a cgroup2 directory. The attachment keeps the program alive after our fd
 * is closed; removing the cgroup detaches it.
 */
public final class Bpf {
    private static final int BPF_PROG_LOAD = 5;
    private static final int BPF_PROG_ATTACH = 8;
    private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    private static final int BPF_CGROUP_DEVICE = 6;
    private static final int BPF_F_ALLOW_MULTI = 2;
    private static final int O_DIRECTORY = 0x10000;
    /** Larger than any bpf_attr member we use; the kernel wants the tail zeroed. */
    private static final int ATTR_SIZE = 128;
    private static final int LOG_SIZE = 64 * 1024;

    private Bpf() {
    }

    private static long syscallNumber() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 321;
            case "aarch64" -> 280;
            default -> throw new NativeException("bpf: unsupported architecture " + System.getProperty("os.arch"),
                    0, "no syscall number");
        };
    }

    /** Loads {@code instructions} and attaches them to the cgroup2 directory {@code cgroupDir}. */
    public static void attachDeviceProgram(String cgroupDir, byte[] instructions) {
        LibC libc = Native.libc();
        jnr.ffi.Runtime rt = Native.runtime();
        Pointer insns = Memory.allocateDirect(rt, instructions.length);
        insns.put(0, instructions, 0, instructions.length);
        byte[] licenseText = "Apache-2.0\0".getBytes(StandardCharsets.US_ASCII);
        Pointer license = Memory.allocateDirect(rt, licenseText.length);
        license.put(0, licenseText, 0, licenseText.length);
        Pointer log = Memory.allocateDirect(rt, LOG_SIZE);
        log.putByte(0, (byte) 0);

        Pointer load = Memory.allocateDirect(rt, ATTR_SIZE, true);
        load.putInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
        load.putInt(4, instructions.length / 8);
        load.putLong(8, insns.address());
        load.putLong(16, license.address());
        load.putInt(24, 1);
        load.putInt(28, LOG_SIZE);
        load.putLong(32, log.address());
        int prog = (int) libc.syscall(syscallNumber(), BPF_PROG_LOAD, load, ATTR_SIZE);
        if (prog < 0) {
            NativeException e = Native.failure("bpf(BPF_PROG_LOAD) of the device program");
            String verifier = log.getString(0, LOG_SIZE, StandardCharsets.US_ASCII).strip();
            if (!verifier.isEmpty()) {
                // The first line names the problem; the last ones are statistics.
                String last = verifier.lines().findFirst().orElse("");
                throw new NativeException("bpf(BPF_PROG_LOAD) of the device program", e.errno(),
                        Native.strerror(e.errno()) + " (verifier: " + last + ")");
            }
            throw e;
        }
        int dir = libc.open(cgroupDir, LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC | O_DIRECTORY, 0);
        if (dir < 0) {
            NativeException e = Native.failure("open " + cgroupDir);
            libc.close(prog);
            throw e;
        }
        try {
            Pointer attach = Memory.allocateDirect(rt, ATTR_SIZE, true);
            attach.putInt(0, dir);
            attach.putInt(4, prog);
            attach.putInt(8, BPF_CGROUP_DEVICE);
            attach.putInt(12, BPF_F_ALLOW_MULTI);
            if (libc.syscall(syscallNumber(), BPF_PROG_ATTACH, attach, ATTR_SIZE) < 0) {
                throw Native.failure("bpf(BPF_PROG_ATTACH) to " + cgroupDir);
            }
        } finally {
            libc.close(dir);
            libc.close(prog);
        }
    }
}
