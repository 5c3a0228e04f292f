package dev.jrunc.core.cgroup;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * runc's rootless cgroup rule (libcontainer/cgroups/fs Apply, --rootless): when the
 * caller may not make the container's cgroup and the config named no cgroupsPath, the
 * container goes on without one ({@link NoCgroup}); with an explicit cgroupsPath the
 * permission error stands, since the caller asked for that very cgroup.
 *
 * <p>Unlike runc, which drops hierarchies one by one, this is all or nothing: on a v1 or
 * hybrid host without systemd nothing is delegated to a user, and a container with limits
 * in some hierarchies but not others would be harder to reason about than none.
 */
public final class RootlessCgroups {
    private RootlessCgroups() {
    }

    /**
     * The container's cgroup, created; or {@link NoCgroup} if the caller lacks the permission
     * and {@code explicitPath} is false.
     */
    public static CgroupManager create(CgroupLayout layout, CgroupPath path, boolean explicitPath)
            throws CgroupException {
        CgroupManager manager = CgroupManager.forContainer(layout, path);
        try {
            manager.create();
            return manager;
        } catch (CgroupException e) {
            if (explicitPath || !permissionDenied(e)) {
                throw e;
            }
            return new NoCgroup();
        }
    }

    /** EACCES, EPERM or EROFS anywhere in the cause chain: the kernel said "not yours". */
    static boolean permissionDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
            if (t instanceof FileSystemException f && f.getReason() != null
                    && (f.getReason().contains("Operation not permitted")
                    || f.getReason().contains("Read-only file system"))) {
                return true;
            }
        }
        return false;
    }
}
