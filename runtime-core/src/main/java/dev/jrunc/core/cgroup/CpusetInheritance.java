package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * v1 cpuset: a new cgroup starts with empty cpuset.cpus and cpuset.mems (unless the parent
 * has clone_children), and the kernel refuses to attach any task to it (ENOSPC) until
 * both are set. Copy them down from the nearest ancestor that has them, as runc's
 * cpusetEnsureParent/cpusetCopyIfNeeded do.
 */
final class CpusetInheritance {
    private static final String CPUS = "cpuset.cpus";
    private static final String MEMS = "cpuset.mems";

    private CpusetInheritance() {}

    static void ensure(Path leaf) throws CgroupException {
        Deque<Path> needCopy = new ArrayDeque<>();
        Path dir = leaf;
        while (true) {
            String cpus = CgroupFiles.readIfPresent(dir, CPUS);
            String mems = CgroupFiles.readIfPresent(dir, MEMS);
            if (cpus == null || mems == null) {
                throw new CgroupException("cannot inherit cpuset: " + dir + " has no " + CPUS + "/" + MEMS
                        + " (not a cpuset cgroup)");
            }
            if (!cpus.isEmpty() && !mems.isEmpty()) {
                break;
            }
            needCopy.push(dir);
            dir = dir.getParent();
            if (dir == null) {
                throw new CgroupException("cannot inherit cpuset: no ancestor of " + leaf + " has cpus and mems set");
            }
        }
        // Top-down, so every directory copies from a parent that is already complete.
        while (!needCopy.isEmpty()) {
            Path current = needCopy.pop();
            Path parent = current.getParent();
            copyIfEmpty(current, parent, CPUS);
            copyIfEmpty(current, parent, MEMS);
        }
    }

    private static void copyIfEmpty(Path current, Path parent, String file) throws CgroupException {
        if (CgroupFiles.read(current, file).isEmpty()) {
            CgroupFiles.write(current, file, CgroupFiles.read(parent, file));
        }
    }
}
