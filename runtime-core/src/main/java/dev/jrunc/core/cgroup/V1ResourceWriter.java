package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@link CgroupResources} into v1 control files. Orderings and special cases follow
 * runc's fs driver (opencontainers/cgroups fs/memory.go, cpu.go, cpuset.go, pids.go).
 */
final class V1ResourceWriter {
    private static final String MEM_LIMIT = "memory.limit_in_bytes";
    private static final String MEMSW_LIMIT = "memory.memsw.limit_in_bytes";

    private final Map<String, Path> dirs;

    /** @param dirs controller name to the container's directory in that hierarchy */
    V1ResourceWriter(Map<String, Path> dirs) {
        this.dirs = dirs;
    }

    void apply(CgroupResources r) throws CgroupException {
        applyMemory(r);
        applyCpu(r);
        applyCpuset(r);
        applyPids(r);
    }

    private Path dirFor(String controller, String what) throws CgroupException {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new CgroupException("cannot set " + what + ": the " + controller
                    + " cgroup controller is not mounted");
        }
        return dir;
    }

    private void applyMemory(CgroupResources r) throws CgroupException {
        boolean limit = CgroupResources.isSet(r.memoryLimit());
        boolean swap = CgroupResources.isSet(r.memorySwap());
        boolean reservation = CgroupResources.isSet(r.memoryReservation());
        if (!limit && !swap && !reservation) {
            return;
        }
        Path dir = dirFor("memory", "memory limits");
        // Without swap accounting (swapaccount=0) the memsw files do not exist at all.
        boolean swapAccounting = CgroupFiles.exists(dir, MEMSW_LIMIT);
        Long swapValue = swap ? r.memorySwap() : null;
        if (limit && r.memoryLimit() == -1 && !swap && swapAccounting) {
            // "Unlimited memory" with swap unset means both unlimited; memsw must not
            // stay below the new (infinite) limit or the kernel rejects the write.
            swapValue = -1L;
        }
        if (!swapAccounting) {
            swapValue = null;
        }

        if (limit && swapValue != null) {
            // The kernel keeps memory <= memory+swap at every instant, so raising both
            // must write memsw first and lowering both must write the limit first.
            long current = parseUnsigned(CgroupFiles.read(dir, MEM_LIMIT), MEM_LIMIT);
            if (swapValue == -1 || Long.compareUnsigned(current, swapValue) < 0) {
                CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue));
                CgroupFiles.write(dir, MEM_LIMIT, Long.toString(r.memoryLimit()));
            } else {
                CgroupFiles.write(dir, MEM_LIMIT, Long.toString(r.memoryLimit()));
                CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue));
            }
        } else if (limit) {
            CgroupFiles.write(dir, MEM_LIMIT, Long.toString(r.memoryLimit()));
        } else if (swapValue != null) {
            CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue));
        }

        if (reservation) {
            CgroupFiles.write(dir, "memory.soft_limit_in_bytes", Long.toString(r.memoryReservation()));
        }
    }

    private void applyCpu(CgroupResources r) throws CgroupException {
        boolean shares = CgroupResources.isSet(r.cpuShares());
        boolean period = CgroupResources.isSet(r.cpuPeriod());
        boolean quota = CgroupResources.isSet(r.cpuQuota());
        if (!shares && !period && !quota) {
            return;
        }
        Path dir = dirFor("cpu", "cpu limits");
        if (shares) {
            CgroupFiles.write(dir, "cpu.shares", Long.toString(r.cpuShares()));
            // The kernel clamps out-of-range shares silently; runc reads back to say so.
            long actual = parseUnsigned(CgroupFiles.read(dir, "cpu.shares"), "cpu.shares");
            if (r.cpuShares() > actual) {
                throw new CgroupException("the maximum allowed cpu-shares is " + actual);
            }
            if (r.cpuShares() < actual) {
                throw new CgroupException("the minimum allowed cpu-shares is " + actual);
            }
        }
        boolean periodPending = false;
        if (period) {
            try {
                CgroupFiles.write(dir, "cpu.cfs_period_us", Long.toString(r.cpuPeriod()));
            } catch (CgroupException e) {
                // A shorter period can push the current quota/period ratio over the parent's
                // limit (EINVAL); with a new quota coming, retry once the quota is in place.
                if (!quota) {
                    throw e;
                }
                periodPending = true;
            }
        }
        if (quota) {
            CgroupFiles.write(dir, "cpu.cfs_quota_us", Long.toString(r.cpuQuota()));
            if (periodPending) {
                CgroupFiles.write(dir, "cpu.cfs_period_us", Long.toString(r.cpuPeriod()));
            }
        }
    }

    private void applyCpuset(CgroupResources r) throws CgroupException {
        if (!CgroupResources.isSet(r.cpusetCpus()) && !CgroupResources.isSet(r.cpusetMems())) {
            return;
        }
        Path dir = dirFor("cpuset", "cpuset");
        if (CgroupResources.isSet(r.cpusetCpus())) {
            CgroupFiles.write(dir, "cpuset.cpus", r.cpusetCpus());
        }
        if (CgroupResources.isSet(r.cpusetMems())) {
            CgroupFiles.write(dir, "cpuset.mems", r.cpusetMems());
        }
    }

    private void applyPids(CgroupResources r) throws CgroupException {
        if (r.pidsLimit() == null) {
            return;
        }
        CgroupFiles.write(dirFor("pids", "pids limit"), "pids.max", PidsLimit.format(r.pidsLimit()));
    }

    static long parseUnsigned(String text, String file) throws CgroupException {
        try {
            return Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected content in " + file + ": " + text);
        }
    }
}
