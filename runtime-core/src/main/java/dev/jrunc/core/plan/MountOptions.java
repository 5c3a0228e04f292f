package dev.jrunc.core.plan;

import dev.jrunc.linux.plan.MountAttr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jrunc.linux.plan.MountFlags.*;

/**
 * Splits a mount's {@code options} into what the kernel wants: mount(2) flags to set,
 * propagation flags, recursive attributes for mount_setattr(2), and the fs-specific data
 * string. Unknown options are fs data, as in runc.
 */
public final class MountOptions {
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
            Map.entry("rro", new Attr(MountAttr.RDONLY, 0)),
            Map.entry("rrw", new Attr(0, MountAttr.RDONLY)),
            Map.entry("rnosuid", new Attr(MountAttr.NOSUID, 0)),
            Map.entry("rsuid", new Attr(0, MountAttr.NOSUID)),
            Map.entry("rnodev", new Attr(MountAttr.NODEV, 0)),
            Map.entry("rdev", new Attr(0, MountAttr.NODEV)),
            Map.entry("rnoexec", new Attr(MountAttr.NOEXEC, 0)),
            Map.entry("rexec", new Attr(0, MountAttr.NOEXEC)),
            Map.entry("rnodiratime", new Attr(MountAttr.NODIRATIME, 0)),
            Map.entry("rdiratime", new Attr(0, MountAttr.NODIRATIME)),
            // The atime modes are one field: setting one clears the others.
            Map.entry("rrelatime", new Attr(MountAttr.RELATIME, MountAttr.ATIME_MASK)),
            Map.entry("rnorelatime", new Attr(0, MountAttr.ATIME_MASK)),
            Map.entry("rnoatime", new Attr(MountAttr.NOATIME, MountAttr.ATIME_MASK)),
            Map.entry("ratime", new Attr(0, MountAttr.NOATIME)),
            Map.entry("rstrictatime", new Attr(MountAttr.STRICTATIME, MountAttr.ATIME_MASK)),
            Map.entry("rnostrictatime", new Attr(0, MountAttr.ATIME_MASK)),
            Map.entry("rnosymfollow", new Attr(MountAttr.NOSYMFOLLOW, 0)),
            Map.entry("rsymfollow", new Attr(0, MountAttr.NOSYMFOLLOW)));

    /** The id-mapping options (runtime-spec config.md "mounts"): none, {@code idmap}, {@code ridmap}. */
    public enum Idmap { NONE, TOP, RECURSIVE }

    private static final Map<String, Idmap> IDMAP = Map.of("idmap", Idmap.TOP, "ridmap", Idmap.RECURSIVE);

    /** The parsed form of one mount's options. */
    public record Parsed(long flags, long propagation, long attrSet, long attrClear, String data, Idmap idmap) {
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
        Idmap idmap = Idmap.NONE;
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
                if (a.clear() == MountAttr.ATIME_MASK) {
                    attrClear |= MountAttr.ATIME_MASK;
                }
            } else if (IDMAP.containsKey(option)) {
                // ridmap wins over idmap, whichever comes first: it asks for more.
                idmap = idmap == Idmap.RECURSIVE ? idmap : IDMAP.get(option);
            } else {
                data.add(option);
            }
        }
        return new Parsed(flags, propagation, attrSet, attrClear, String.join(",", data), idmap);
    }

    /** Every option name jrunc understands, for {@code features}. */
    public static List<String> known() {
        List<String> all = new ArrayList<>(FLAGS.keySet());
        all.addAll(PROPAGATION.keySet());
        all.addAll(RECURSIVE.keySet());
        all.addAll(IDMAP.keySet());
        all.sort(null);
        return all;
    }

    /** The {@code linux.rootfsPropagation} values. */
    public static Long propagation(String name) {
        return PROPAGATION.get(name);
    }
}
