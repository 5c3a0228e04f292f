package dev.jrunc.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a mount's {@code options} into what the kernel wants: mount(2) flags to set,
 * propagation flags, recursive attributes for mount_setattr(2), and the fs-specific data
 * string. Unknown options are fs data, as in runc.
 */
public final class MountOptions {
    // mount(2) flags (linux/mount.h)
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_I_VERSION = 1 << 23;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;

    // mount_setattr(2) attributes (linux/mount.h)
    public static final long MOUNT_ATTR_RDONLY = 0x1;
    public static final long MOUNT_ATTR_NOSUID = 0x2;
    public static final long MOUNT_ATTR_NODEV = 0x4;
    public static final long MOUNT_ATTR_NOEXEC = 0x8;
    public static final long MOUNT_ATTR__ATIME = 0x70;
    public static final long MOUNT_ATTR_RELATIME = 0x0;
    public static final long MOUNT_ATTR_NOATIME = 0x10;
    public static final long MOUNT_ATTR_STRICTATIME = 0x20;
    public static final long MOUNT_ATTR_NODIRATIME = 0x80;
    public static final long MOUNT_ATTR_NOSYMFOLLOW = 0x200000;

    /** What an option does to the mount(2) flags: set or clear. */
    private record Flag(boolean clear, long flag) {
    }

    /** A recursive attribute: bits to set and bits to clear. */
    private record Attr(long set, long clear) {
    }

    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("iversion", new Flag(false, MS_I_VERSION)),
            Map.entry("lazytime", new Flag(false, MS_LAZYTIME)),
            Map.entry("loud", new Flag(true, MS_SILENT)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("noiversion", new Flag(true, MS_I_VERSION)),
            Map.entry("nolazytime", new Flag(true, MS_LAZYTIME)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("nosymfollow", new Flag(false, MS_NOSYMFOLLOW)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("silent", new Flag(false, MS_SILENT)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("symfollow", new Flag(true, MS_NOSYMFOLLOW)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)));

    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC,
            "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC,
            "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    private static final Map<String, Attr> RECURSIVE = Map.ofEntries(
            Map.entry("rro", new Attr(MOUNT_ATTR_RDONLY, 0)),
            Map.entry("rrw", new Attr(0, MOUNT_ATTR_RDONLY)),
            Map.entry("rnosuid", new Attr(MOUNT_ATTR_NOSUID, 0)),
            Map.entry("rsuid", new Attr(0, MOUNT_ATTR_NOSUID)),
            Map.entry("rnodev", new Attr(MOUNT_ATTR_NODEV, 0)),
            Map.entry("rdev", new Attr(0, MOUNT_ATTR_NODEV)),
            Map.entry("rnoexec", new Attr(MOUNT_ATTR_NOEXEC, 0)),
            Map.entry("rexec", new Attr(0, MOUNT_ATTR_NOEXEC)),
            Map.entry("rnodiratime", new Attr(MOUNT_ATTR_NODIRATIME, 0)),
            Map.entry("rdiratime", new Attr(0, MOUNT_ATTR_NODIRATIME)),
            // The atime modes are one field: setting one clears the others.
            Map.entry("rrelatime", new Attr(MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME)),
            Map.entry("rnorelatime", new Attr(0, MOUNT_ATTR__ATIME)),
            Map.entry("rnoatime", new Attr(MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME)),
            Map.entry("ratime", new Attr(0, MOUNT_ATTR_NOATIME)),
            Map.entry("rstrictatime", new Attr(MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME)),
            Map.entry("rnostrictatime", new Attr(0, MOUNT_ATTR__ATIME)),
            Map.entry("rnosymfollow", new Attr(MOUNT_ATTR_NOSYMFOLLOW, 0)),
            Map.entry("rsymfollow", new Attr(0, MOUNT_ATTR_NOSYMFOLLOW)));

    /** The parsed form of one mount's options. */
    public record Parsed(long flags, long propagation, long attrSet, long attrClear, String data) {
        public boolean isBind() {
            return (flags & MS_BIND) != 0;
        }
    }

    private MountOptions() {
    }

    public static Parsed parse(List<String> options) {
        long flags = 0;
        long propagation = 0;
        long attrSet = 0;
        long attrClear = 0;
        List<String> data = new ArrayList<>();
        for (String option : options == null ? List.<String>of() : options) {
            Flag f = FLAGS.get(option);
            Long p = PROPAGATION.get(option);
            Attr a = RECURSIVE.get(option);
            if (f != null) {
                flags = f.clear() ? flags & ~f.flag() : flags | f.flag();
            } else if (p != null) {
                propagation |= p;
            } else if (a != null) {
                attrSet = (attrSet & ~a.clear()) | a.set();
                attrClear = (attrClear | a.clear()) & ~a.set();
                if (a.clear() == MOUNT_ATTR__ATIME) {
                    attrClear |= MOUNT_ATTR__ATIME;
                }
            } else {
                data.add(option);
            }
        }
        return new Parsed(flags, propagation, attrSet, attrClear, String.join(",", data));
    }

    /** Every option name jrunc understands, for {@code features}. */
    public static List<String> known() {
        List<String> all = new ArrayList<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(RECURSIVE.keySet());
        all.sort(null);
        return all;
    }

    /** The {@code linux.rootfsPropagation} values. */
    public static Long propagation(String name) {
        return PROPAGATION.get(name);
    }
}
