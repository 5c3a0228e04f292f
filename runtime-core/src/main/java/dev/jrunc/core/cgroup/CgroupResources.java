package dev.jrunc.core.cgroup;

/**
 * The resource limits this first cut applies, in OCI (cgroup v1) units. Every field is
 * nullable: null leaves the kernel's current value alone, so the same record serves
 * {@code create} and a partial {@code update}.
 *
 * @param memoryLimit       bytes; -1 for unlimited (OCI memory.limit)
 * @param memoryReservation bytes, soft limit (OCI memory.reservation)
 * @param memorySwap        bytes of memory+swap; -1 for unlimited (OCI memory.swap)
 * @param cpuShares         relative weight, v1 scale 2..262144 (OCI cpu.shares)
 * @param cpuQuota          microseconds per period; -1 for unlimited (OCI cpu.quota)
 * @param cpuPeriod         microseconds (OCI cpu.period)
 * @param cpusetCpus        list format, e.g. "0-3,7" (OCI cpu.cpus)
 * @param cpusetMems        list format (OCI cpu.mems)
 * @param pidsLimit         max tasks; negative for unlimited, 0 is written as 1 (OCI pids.limit)
 */
public record CgroupResources(
        Long memoryLimit,
        Long memoryReservation,
        Long memorySwap,
        Long cpuShares,
        Long cpuQuota,
        Long cpuPeriod,
        String cpusetCpus,
        String cpusetMems,
        Long pidsLimit) {

    private static final CgroupResources NONE =
            new CgroupResources(null, null, null, null, null, null, null, null, null);

    /** Nothing set; start here and use the with* methods. */
    public static CgroupResources none() {
        return NONE;
    }

    public CgroupResources withMemoryLimit(Long v) {
        return new CgroupResources(v, memoryReservation, memorySwap, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withMemoryReservation(Long v) {
        return new CgroupResources(memoryLimit, v, memorySwap, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withMemorySwap(Long v) {
        return new CgroupResources(memoryLimit, memoryReservation, v, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withCpuShares(Long v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, v, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withCpuQuota(Long v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, cpuShares, v, cpuPeriod,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withCpuPeriod(Long v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, cpuShares, cpuQuota, v,
                cpusetCpus, cpusetMems, pidsLimit);
    }

    public CgroupResources withCpusetCpus(String v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, cpuShares, cpuQuota, cpuPeriod,
                v, cpusetMems, pidsLimit);
    }

    public CgroupResources withCpusetMems(String v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, v, pidsLimit);
    }

    public CgroupResources withPidsLimit(Long v) {
        return new CgroupResources(memoryLimit, memoryReservation, memorySwap, cpuShares, cpuQuota, cpuPeriod,
                cpusetCpus, cpusetMems, v);
    }

    /** runc treats 0 as "not set" for these numeric knobs; so do we, besides null. */
    static boolean isSet(Long v) {
        return v != null && v != 0;
    }

    static boolean isSet(String v) {
        return v != null && !v.isEmpty();
    }
}
