package dev.jrunc.linux.plan;

/** {@code MOUNT_ATTR_*} of mount_setattr(2): the attr_set/attr_clr fields of MOUNT (the "r*" options). */
public final class MountAttr {
    public static final long RDONLY = 0x00000001L;
    public static final long NOSUID = 0x00000002L;
    public static final long NODEV = 0x00000004L;
    public static final long NOEXEC = 0x00000008L;
    /** Mask of the atime mode: clear it when setting one of the three below. */
    public static final long ATIME_MASK = 0x00000070L;
    public static final long RELATIME = 0x00000000L;
    public static final long NOATIME = 0x00000010L;
    public static final long STRICTATIME = 0x00000020L;
    public static final long NODIRATIME = 0x00000080L;
    public static final long IDMAP = 0x00100000L;
    public static final long NOSYMFOLLOW = 0x00200000L;

    private MountAttr() {}
}
