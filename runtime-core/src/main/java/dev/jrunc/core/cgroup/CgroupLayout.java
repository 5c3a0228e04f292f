package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What cgroup hierarchies this process sees and where it sits in each of them.
 *
 * @param mode        which driver family applies
 * @param hierarchies the mounted v1 hierarchies the caller belongs to (empty in V2 mode)
 * @param unified     the cgroup2 hierarchy, or null in pure V1 mode
 */
public record CgroupLayout(Mode mode, List<V1Hierarchy> hierarchies, Unified unified) {

    public enum Mode {
        /** Only v1 hierarchies. */
        V1,
        /** One cgroup2 hierarchy, normally at /sys/fs/cgroup. */
        V2,
        /** v1 controllers plus a cgroup2 mount elsewhere (e.g. /sys/fs/cgroup/unified). */
        HYBRID
    }

    public CgroupLayout {
        Objects.requireNonNull(mode, "mode");
        hierarchies = List.copyOf(hierarchies);
        if (mode != Mode.V2 && hierarchies.isEmpty()) {
            throw new IllegalArgumentException(mode + " layout needs at least one v1 hierarchy");
        }
        if (mode != Mode.V1 && unified == null) {
            throw new IllegalArgumentException(mode + " layout needs a cgroup2 hierarchy");
        }
    }

    /**
     * One v1 hierarchy.
     *
     * @param mountpoint  where it is mounted (already under the root prefix)
     * @param controllers controllers bound to it, e.g. [cpu, cpuacct] or [name=systemd]
     * @param mountRoot   the cgroup shown at the mountpoint (mountinfo field 4); not "/"
     *                    when only a sub-tree is mounted, e.g. inside a container
     * @param ownPath     the caller's cgroup in this hierarchy, as /proc/self/cgroup says
     */
    public record V1Hierarchy(Path mountpoint, List<String> controllers, String mountRoot, String ownPath) {
        public V1Hierarchy {
            controllers = List.copyOf(controllers);
        }

        /** The directory of the caller's own cgroup in this hierarchy. */
        public Path ownDir() throws CgroupException {
            return dirOf(mountpoint, mountRoot, ownPath);
        }
    }

    /**
     * The cgroup2 hierarchy.
     *
     * @param mountpoint where it is mounted (already under the root prefix)
     * @param mountRoot  the cgroup shown at the mountpoint (mountinfo field 4)
     * @param ownPath    the caller's cgroup, from the "0::" line of /proc/self/cgroup
     */
    public record Unified(Path mountpoint, String mountRoot, String ownPath) {
        public Path ownDir() throws CgroupException {
            return dirOf(mountpoint, mountRoot, ownPath);
        }
    }

    /** Reads this process's layout from /proc. */
    public static CgroupLayout detect() throws CgroupException {
        return read(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Path.of("/"));
    }

    /**
     * Reads a layout from the given files; every mountpoint is re-rooted under
     * {@code rootPrefix} so tests can point the managers at a fake cgroupfs.
     */
    public static CgroupLayout read(Path mountinfo, Path procCgroup, Path rootPrefix) throws CgroupException {
        return CgroupLayoutReader.read(mountinfo, procCgroup, rootPrefix);
    }

    /**
     * /proc/self/cgroup paths are relative to the hierarchy's (or cgroupns's) root, while
     * the mountpoint may show only a sub-tree of it (a container's bind-mounted
     * /sys/fs/cgroup): strip the mount root off before joining. A cgroup outside the
     * mounted sub-tree has no directory we could reach.
     */
    private static Path dirOf(Path mountpoint, String mountRoot, String ownPath) throws CgroupException {
        String rel;
        if (mountRoot.equals("/")) {
            rel = ownPath;
        } else if (ownPath.equals(mountRoot)) {
            rel = "/";
        } else if (ownPath.startsWith(mountRoot + "/")) {
            rel = ownPath.substring(mountRoot.length());
        } else {
            throw new CgroupException("own cgroup " + ownPath + " is outside the sub-tree " + mountRoot
                    + " mounted at " + mountpoint);
        }
        Path dir = mountpoint;
        for (String part : rel.split("/")) {
            if (part.equals("..")) {
                // Seen when the caller sits outside its cgroup namespace's root.
                throw new CgroupException("own cgroup " + ownPath + " is not reachable from " + mountpoint);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                dir = dir.resolve(part);
            }
        }
        return dir;
    }
}
