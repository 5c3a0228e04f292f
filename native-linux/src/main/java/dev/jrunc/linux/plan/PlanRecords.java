package dev.jrunc.linux.plan;

/** Values carried by the multi-field plan ops. */
public final class PlanRecords {
    private PlanRecords() {}

    /** A MOUNT op; {@code flags} are {@link MountFlags}, {@code attrSet}/{@code attrClr} {@link MountAttr}. */
    public record Mount(String source, String destination, String fstype, long flags, long propagation,
                        long attrSet, long attrClr, String data) {}

    /** A DEVICE op; {@code type} is one of c, b, u, p; {@code mode} permission bits only. */
    public record Device(String path, char type, int major, int minor, int mode, int uid, int gid, boolean bind) {}

    /** A CAPABILITIES op; bit n of each set is capability n. */
    public record Capabilities(long bounding, long effective, long permitted, long inheritable, long ambient) {}

    /** A SCHEDULER op: sched_setattr(2)'s fields; {@code policy} and {@code flags} are kernel numbers. */
    public record Scheduler(int policy, int nice, int priority, long flags, long runtime, long deadline,
                            long period) {}

    /** A MEMORY_POLICY op: set_mempolicy(2) mode and mode flags, the node mask as u64 words. */
    public record MemoryPolicy(int mode, int flags, long[] nodes) {
        public MemoryPolicy {
            nodes = nodes.clone();
        }

        @Override
        public long[] nodes() {
            return nodes.clone();
        }
    }

    /** A SESSION_KEYRING op: the keyring to join and how to change its permission word. */
    public record SessionKeyring(String name, int keepMask, int addBits) {}
}
