package dev.jrunc.core.plan;

import java.util.List;

/** Capability names in kernel bit order (linux/capability.h). */
public final class Capabilities {
    private Capabilities() {
    }

    public static final List<String> NAMES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
            "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    /** The capability's bit, or -1 for a name the kernel headers do not know. */
    public static int bit(String name) {
        return NAMES.indexOf(name);
    }

    /**
     * The set as a bit mask. Unknown names never reach here (the validator rejects them);
     * capabilities beyond what the running kernel knows are dropped by the C side.
     */
    public static long mask(List<String> names) {
        long mask = 0;
        for (String n : names == null ? List.<String>of() : names) {
            int bit = bit(n);
            if (bit >= 0) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }
}
