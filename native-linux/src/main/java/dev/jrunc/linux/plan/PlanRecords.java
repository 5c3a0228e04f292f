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
}
