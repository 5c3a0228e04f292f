package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's cgroup as the cgroupfs driver places it, from {@code linux.cgroupsPath}.
 *
 * <p>Rules, as runc's fs/fs2 drivers apply them (vendor/github.com/opencontainers/cgroups:
 * internal/path/path.go Inner, fs/paths.go subsysPath, fs2/defaultpath.go defaultDirPath):
 * <ul>
 * <li>absolute ({@code /foo/bar}): below each hierarchy's mountpoint;</li>
 * <li>relative ({@code foo/bar}): below the caller's own cgroup in each v1 hierarchy, and
 *     below the <em>parent</em> of the caller's cgroup in a pure cgroup2 hierarchy (the
 *     caller's own cgroup holds processes, so it could not delegate controllers);</li>
 * <li>absent: runc sets Name to the container id and Path to "", which makes the relative
 *     path {@code <id>} (libcontainer/specconv/spec_linux.go CreateCgroupConfig).</li>
 * </ul>
 * Unlike runc, which silently clamps {@code ..} at the root, an escaping path is rejected:
 * it almost always means a bug in the caller and may touch someone else's cgroup.
 *
 * @param absolute whether the path was absolute
 * @param inner    the normalised path without leading '/', never empty
 */
public record CgroupPath(boolean absolute, String inner) {

    public CgroupPath {
        // Guard the canonical constructor too: resolution trusts inner to stay below its base.
        if (inner == null || inner.isEmpty()) {
            throw new IllegalArgumentException("inner cgroup path must not be empty");
        }
        for (String part : inner.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("inner cgroup path is not normalised: " + inner);
            }
        }
    }

    /** For the cgroupfs driver (no --systemd-cgroup). */
    public static CgroupPath of(String cgroupsPath, String containerId) throws CgroupException {
        return of(cgroupsPath, containerId, false);
    }

    /**
     * @param cgroupsPath   {@code linux.cgroupsPath}, null or empty when absent
     * @param containerId   used for the default path
     * @param systemdDriver true with --systemd-cgroup, which jrunc cannot honour yet
     */
    public static CgroupPath of(String cgroupsPath, String containerId, boolean systemdDriver)
            throws CgroupException {
        if (systemdDriver) {
            throw new CgroupException("systemd cgroup driver requested but systemd is not running");
        }
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            if (containerId == null || containerId.isEmpty()) {
                throw new CgroupException("no cgroupsPath and no container id to derive one from");
            }
            return new CgroupPath(false, normalise(containerId, containerId));
        }
        if (isSystemdStyle(cgroupsPath)) {
            // runc's fs driver would create a directory literally named "a:b:c"; clients
            // only send this form together with --systemd-cgroup, so it is a mistake here.
            throw new CgroupException("cgroupsPath \"" + cgroupsPath
                    + "\" has the systemd form slice:prefix:name, but the systemd cgroup driver is not available (systemd is not running)");
        }
        boolean absolute = cgroupsPath.startsWith("/");
        return new CgroupPath(absolute, normalise(cgroupsPath, cgroupsPath));
    }

    /** "system.slice:docker:abc" or ":runc:abc": exactly two colons and no slash. */
    static boolean isSystemdStyle(String p) {
        return p.indexOf('/') < 0 && p.chars().filter(c -> c == ':').count() == 2;
    }

    private static String normalise(String path, String original) throws CgroupException {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new CgroupException("cgroupsPath \"" + original + "\" escapes its root with \"..\"");
                }
                parts.removeLast();
                continue;
            }
            if (part.indexOf('\0') >= 0) {
                throw new CgroupException("cgroupsPath \"" + original + "\" contains a NUL byte");
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            // That would be the hierarchy root or the caller's own cgroup: neither is
            // empty, and destroy() must never rmdir them.
            throw new CgroupException("cgroupsPath \"" + original + "\" does not name a cgroup below its root");
        }
        return String.join("/", parts);
    }

    /** The directory in a v1 hierarchy. */
    public Path v1Dir(CgroupLayout.V1Hierarchy h) throws CgroupException {
        Path base = absolute ? h.mountpoint() : h.ownDir();
        return base.resolve(inner);
    }

    /** The directory in a pure cgroup2 layout. */
    public Path v2Dir(CgroupLayout.Unified u) throws CgroupException {
        if (absolute) {
            return u.mountpoint().resolve(inner);
        }
        Path own = u.ownDir();
        Path base = own.equals(u.mountpoint()) ? own : own.getParent();
        return base.resolve(inner);
    }

    /**
     * The directory in the cgroup2 part of a hybrid layout. runc resolves this one against
     * the mountpoint whether the path is absolute or relative: its own-cgroup lookup for
     * the hybrid pseudo-controller returns the mountpoint itself (cgroups v1_utils.go
     * GetOwnCgroupPath / FindCgroupMountpoint with an empty subsystem). We do the same so a
     * container lands where runc would put it.
     */
    public Path hybridUnifiedDir(CgroupLayout.Unified u) {
        return u.mountpoint().resolve(inner);
    }
}
