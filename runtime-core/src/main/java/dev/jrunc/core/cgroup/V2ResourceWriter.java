package dev.jrunc.core.cgroup;

import java.nio.file.Path;

/**
 * Writes {@link CgroupResources} into cgroup v2 control files, converting the v1-shaped
 * OCI values as runc's fs2 driver does (opencontainers/cgroups fs2/memory.go, cpu.go).
 */
final class V2ResourceWriter {
    /** The kernel's default cpu.max period, used when only a quota is given. */
    private static final long DEFAULT_PERIOD_US = 100_000;

    private final Path dir;

    V2ResourceWriter(Path dir) {
        this.dir = dir;
    }

    void apply(CgroupResources r) throws CgroupException {
        applyMemory(r);
        applyCpu(r);
        applyCpuset(r);
        if (r.pidsLimit() != null) {
            CgroupFiles.write(dir, "pids.max", PidsLimit.format(r.pidsLimit()));
        }
    }

    /** v2 spells "no limit" as "max" where v1 took -1. */
    private static String limitText(long value) {
        return value == -1 ? "max" : Long.toString(value);
    }

    private void applyMemory(CgroupResources r) throws CgroupException {
        long limit = r.memoryLimit() == null ? 0 : r.memoryLimit();
        long swap = r.memorySwap() == null ? 0 : r.memorySwap();
        long reservation = r.memoryReservation() == null ? 0 : r.memoryReservation();
        if (limit == 0 && swap == 0 && reservation == 0) {
            return;
        }
        long v2Swap = CgroupConversions.swapToV2(swap, limit);
        String swapText = null;
        if (v2Swap != 0) {
            swapText = limitText(v2Swap);
        } else if (swap > 0) {
            // swap == limit: the caller asked for no swap at all.
            swapText = "0";
        }
        if (swapText != null) {
            // Without swap support the file is absent; "unlimited" or "none" then
            // already holds, and only a real swap size is worth an error.
            boolean harmless = swapText.equals("max") || swapText.equals("0");
            if (!(harmless && !CgroupFiles.exists(dir, "memory.swap.max"))) {
                CgroupFiles.write(dir, "memory.swap.max", swapText);
            }
        }
        if (limit != 0) {
            CgroupFiles.write(dir, "memory.max", limitText(limit));
        }
        if (reservation != 0) {
            CgroupFiles.write(dir, "memory.low", limitText(reservation));
        }
    }

    private void applyCpu(CgroupResources r) throws CgroupException {
        if (CgroupResources.isSet(r.cpuShares())) {
            CgroupFiles.write(dir, "cpu.weight",
                    Long.toString(CgroupConversions.cpuSharesToWeight(r.cpuShares())));
        }
        boolean quota = CgroupResources.isSet(r.cpuQuota());
        boolean period = CgroupResources.isSet(r.cpuPeriod());
        if (quota || period) {
            // One file holds both, so a lone period also (re)states the quota: "max"
            // unless a positive quota is given, exactly as runc writes it.
            String q = quota && r.cpuQuota() > 0 ? Long.toString(r.cpuQuota()) : "max";
            long p = period ? r.cpuPeriod() : DEFAULT_PERIOD_US;
            CgroupFiles.write(dir, "cpu.max", q + " " + p);
        }
    }

    private void applyCpuset(CgroupResources r) throws CgroupException {
        if (CgroupResources.isSet(r.cpusetCpus())) {
            CgroupFiles.write(dir, "cpuset.cpus", r.cpusetCpus());
        }
        if (CgroupResources.isSet(r.cpusetMems())) {
            CgroupFiles.write(dir, "cpuset.mems", r.cpusetMems());
        }
    }
}
