package dev.jrunc.core.cgroup;

import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxHugepageLimit;
import dev.jrunc.core.spec.LinuxInterfacePriority;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxNetwork;
import dev.jrunc.core.spec.LinuxRdma;
import dev.jrunc.core.spec.LinuxThrottleDevice;
import dev.jrunc.core.spec.LinuxWeightDevice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link CgroupResources} into v1 control files. Orderings and special cases follow
 * runc's fs driver (opencontainers/cgroups fs/memory.go, cpu.go, cpuset.go, pids.go,
 * blkio.go, hugetlb.go, net_cls.go, net_prio.go, rdma.go). Errors name the config field.
 */
final class V1ResourceWriter {
    private static final String MEM_LIMIT = "memory.limit_in_bytes";
    private static final String MEMSW_LIMIT = "memory.memsw.limit_in_bytes";
    static final String FIELD = "linux.resources";

    /** What a limit whose controller has no directory fails with. */
    @FunctionalInterface
    interface MissingController {
        CgroupException of(String controller, String field);

        MissingController NOT_MOUNTED = (controller, field) -> new CgroupException(field + ": cannot be set: the "
                + controller + " cgroup controller is not mounted");
    }

    private final Map<String, Path> dirs;
    private final MissingController missing;

    /** @param dirs controller name to the container's directory in that hierarchy */
    V1ResourceWriter(Map<String, Path> dirs) {
        this(dirs, MissingController.NOT_MOUNTED);
    }

    V1ResourceWriter(Map<String, Path> dirs, MissingController missing) {
        this.dirs = dirs;
        this.missing = missing;
    }

    void apply(CgroupResources r) throws CgroupException {
        if (!r.unified().isEmpty() && dirs.isEmpty()) {
            throw missing.of("unified", FIELD + ".unified");
        }
        if (!r.unified().isEmpty()) {
            throw new CgroupException(FIELD + ".unified: cgroup v2 keys (" + String.join(", ", r.unified().keySet())
                    + ") cannot be set: this host has no cgroup v2 hierarchy for the container");
        }
        applyMemory(r);
        applyCpu(r.cpuOrEmpty());
        applyCpuset(r);
        applyPids(r);
        applyBlockIo(r.blockIo());
        applyHugetlb(r.hugepageLimits());
        applyNetwork(r.network());
        applyRdma(r.rdma());
    }

    private Path dirFor(String controller, String field) throws CgroupException {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw missing.of(controller, field);
        }
        return dir;
    }

    private void applyMemory(CgroupResources r) throws CgroupException {
        LinuxMemory m = r.memoryOrEmpty();
        String field = FIELD + ".memory";
        boolean limit = CgroupResources.isSet(m.limit());
        boolean swap = CgroupResources.isSet(m.swap());
        boolean reservation = CgroupResources.isSet(m.reservation());
        boolean others = m.kernel() != null || m.kernelTcp() != null || m.swappiness() != null
                || m.disableOomKiller() != null || m.useHierarchy() != null;
        if (!limit && !swap && !reservation && !others) {
            return;
        }
        Path dir = dirFor("memory", field);
        if (limit && Boolean.TRUE.equals(m.checkBeforeUpdate())) {
            MemoryUsageCheck.requireBelow(m.limit(), CgroupFiles.readIfPresent(dir, "memory.usage_in_bytes"),
                    CgroupFiles.readIfPresent(dir, "memory.max_usage_in_bytes"));
        }
        // Without swap accounting (swapaccount=0) the memsw files do not exist at all.
        boolean swapAccounting = CgroupFiles.exists(dir, MEMSW_LIMIT);
        Long swapValue = swap ? m.swap() : null;
        if (limit && m.limit() == -1 && !swap && swapAccounting) {
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
                CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue), field + ".swap");
                CgroupFiles.write(dir, MEM_LIMIT, Long.toString(m.limit()), field + ".limit");
            } else {
                CgroupFiles.write(dir, MEM_LIMIT, Long.toString(m.limit()), field + ".limit");
                CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue), field + ".swap");
            }
        } else if (limit) {
            CgroupFiles.write(dir, MEM_LIMIT, Long.toString(m.limit()), field + ".limit");
        } else if (swapValue != null) {
            CgroupFiles.write(dir, MEMSW_LIMIT, Long.toString(swapValue), field + ".swap");
        }

        if (reservation) {
            CgroupFiles.write(dir, "memory.soft_limit_in_bytes", Long.toString(m.reservation()),
                    field + ".reservation");
        }
        if (m.kernel() != null && m.kernel() != 0) {
            CgroupFiles.write(dir, "memory.kmem.limit_in_bytes", Long.toString(m.kernel()), field + ".kernel");
        }
        if (m.kernelTcp() != null && m.kernelTcp() != 0) {
            CgroupFiles.write(dir, "memory.kmem.tcp.limit_in_bytes", Long.toString(m.kernelTcp()),
                    field + ".kernelTCP");
        }
        if (m.swappiness() != null) {
            // -1 (as uint64) is runc's "inherit from the parent", i.e. leave it.
            if (m.swappiness() != -1) {
                if (Long.compareUnsigned(m.swappiness(), 100) > 0) {
                    throw new CgroupException(field + ".swappiness: invalid value "
                            + Long.toUnsignedString(m.swappiness()) + " (valid range is 0-100)");
                }
                CgroupFiles.write(dir, "memory.swappiness", Long.toString(m.swappiness()), field + ".swappiness");
            }
        }
        if (Boolean.TRUE.equals(m.disableOomKiller())) {
            CgroupFiles.write(dir, "memory.oom_control", "1", field + ".disableOOMKiller");
        }
        if (m.useHierarchy() != null) {
            CgroupFiles.write(dir, "memory.use_hierarchy", m.useHierarchy() ? "1" : "0", field + ".useHierarchy");
        }
    }

    private void applyCpu(LinuxCpu c) throws CgroupException {
        String field = FIELD + ".cpu";
        boolean shares = CgroupResources.isSet(c.shares());
        boolean period = CgroupResources.isSet(c.period());
        boolean quota = CgroupResources.isSet(c.quota());
        boolean burst = c.burst() != null;
        boolean rtPeriod = CgroupResources.isSet(c.realtimePeriod());
        boolean rtRuntime = CgroupResources.isSet(c.realtimeRuntime());
        if (!shares && !period && !quota && !burst && !rtPeriod && !rtRuntime && c.idle() == null) {
            return;
        }
        Path dir = dirFor("cpu", field);
        if (shares) {
            CgroupFiles.write(dir, "cpu.shares", Long.toString(c.shares()), field + ".shares");
            // The kernel clamps out-of-range shares silently; runc reads back to say so.
            long actual = parseUnsigned(CgroupFiles.read(dir, "cpu.shares"), "cpu.shares");
            if (c.shares() > actual) {
                throw new CgroupException("the maximum allowed cpu-shares is " + actual);
            }
            if (c.shares() < actual) {
                throw new CgroupException("the minimum allowed cpu-shares is " + actual);
            }
        }
        boolean periodPending = false;
        if (period) {
            try {
                CgroupFiles.write(dir, "cpu.cfs_period_us", Long.toString(c.period()), field + ".period");
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
            CgroupFiles.write(dir, "cpu.cfs_quota_us", Long.toString(c.quota()), field + ".quota");
            if (periodPending) {
                CgroupFiles.write(dir, "cpu.cfs_period_us", Long.toString(c.period()), field + ".period");
            }
        }
        if (burst) {
            CgroupFiles.write(dir, "cpu.cfs_burst_us", Long.toUnsignedString(c.burst()), field + ".burst");
        }
        // The period first: the runtime is checked against it.
        if (rtPeriod) {
            CgroupFiles.write(dir, "cpu.rt_period_us", Long.toUnsignedString(c.realtimePeriod()),
                    field + ".realtimePeriod");
        }
        if (rtRuntime) {
            CgroupFiles.write(dir, "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()),
                    field + ".realtimeRuntime");
        }
        if (c.idle() != null) {
            CgroupFiles.write(dir, "cpu.idle", Long.toString(c.idle()), field + ".idle");
        }
    }

    private void applyCpuset(CgroupResources r) throws CgroupException {
        if (!CgroupResources.isSet(r.cpusetCpus()) && !CgroupResources.isSet(r.cpusetMems())) {
            return;
        }
        String field = FIELD + ".cpu";
        Path dir = dirFor("cpuset", field);
        if (CgroupResources.isSet(r.cpusetCpus())) {
            CgroupFiles.write(dir, "cpuset.cpus", r.cpusetCpus(), field + ".cpus");
        }
        if (CgroupResources.isSet(r.cpusetMems())) {
            CgroupFiles.write(dir, "cpuset.mems", r.cpusetMems(), field + ".mems");
        }
    }

    private void applyPids(CgroupResources r) throws CgroupException {
        if (r.pidsLimit() == null) {
            return;
        }
        String field = FIELD + ".pids.limit";
        CgroupFiles.write(dirFor("pids", field), "pids.max", PidsLimit.format(r.pidsLimit()), field);
    }

    private void applyBlockIo(LinuxBlockIo b) throws CgroupException {
        if (b == null) {
            return;
        }
        String field = FIELD + ".blockIO";
        boolean any = CgroupResources.isSet(b.weight()) || CgroupResources.isSet(b.leafWeight())
                || !CgroupResources.list(b.weightDevice()).isEmpty() || !CgroupResources.list(b.throttleReadBpsDevice()).isEmpty()
                || !CgroupResources.list(b.throttleWriteBpsDevice()).isEmpty() || !CgroupResources.list(b.throttleReadIopsDevice()).isEmpty()
                || !CgroupResources.list(b.throttleWriteIopsDevice()).isEmpty();
        if (!any) {
            return;
        }
        Path dir = dirFor("blkio", field);
        // BFQ, where the scheduler is in use, carries the weights; CFQ's files are the fallback.
        boolean bfq = CgroupFiles.exists(dir, "blkio.bfq.weight");
        if (CgroupResources.isSet(b.weight())) {
            CgroupFiles.write(dir, bfq ? "blkio.bfq.weight" : "blkio.weight", Integer.toString(b.weight()),
                    field + ".weight");
        }
        if (CgroupResources.isSet(b.leafWeight())) {
            CgroupFiles.write(dir, "blkio.leaf_weight", Integer.toString(b.leafWeight()), field + ".leafWeight");
        }
        for (int i = 0; i < CgroupResources.list(b.weightDevice()).size(); i++) {
            LinuxWeightDevice d = CgroupResources.list(b.weightDevice()).get(i);
            String f = field + ".weightDevice[" + i + "]";
            if (d.weight() != null) {
                CgroupFiles.write(dir, bfq ? "blkio.bfq.weight_device" : "blkio.weight_device",
                        d.major() + ":" + d.minor() + " " + d.weight(), f + ".weight");
            }
            if (d.leafWeight() != null) {
                CgroupFiles.write(dir, "blkio.leaf_weight_device", d.major() + ":" + d.minor() + " " + d.leafWeight(),
                        f + ".leafWeight");
            }
        }
        throttle(dir, "blkio.throttle.read_bps_device", CgroupResources.list(b.throttleReadBpsDevice()), field + ".throttleReadBpsDevice");
        throttle(dir, "blkio.throttle.write_bps_device", CgroupResources.list(b.throttleWriteBpsDevice()),
                field + ".throttleWriteBpsDevice");
        throttle(dir, "blkio.throttle.read_iops_device", CgroupResources.list(b.throttleReadIopsDevice()),
                field + ".throttleReadIOPSDevice");
        throttle(dir, "blkio.throttle.write_iops_device", CgroupResources.list(b.throttleWriteIopsDevice()),
                field + ".throttleWriteIOPSDevice");
    }

    private static void throttle(Path dir, String file, List<LinuxThrottleDevice> devices, String field)
            throws CgroupException {
        for (int i = 0; i < devices.size(); i++) {
            LinuxThrottleDevice d = devices.get(i);
            CgroupFiles.write(dir, file, d.major() + ":" + d.minor() + " " + Long.toUnsignedString(d.rate()),
                    field + "[" + i + "]");
        }
    }

    private void applyHugetlb(List<LinuxHugepageLimit> limits) throws CgroupException {
        if (limits.isEmpty()) {
            return;
        }
        String field = FIELD + ".hugepageLimits";
        Path dir = dirFor("hugetlb", field);
        for (int i = 0; i < limits.size(); i++) {
            LinuxHugepageLimit h = limits.get(i);
            String value = Long.toUnsignedString(h.limit());
            CgroupFiles.write(dir, "hugetlb." + h.pageSize() + ".limit_in_bytes", value, field + "[" + i + "]");
            // Reservations (kernel 5.7+) are limited alike, or a reserve-then-fault could exceed the limit.
            String rsvd = "hugetlb." + h.pageSize() + ".rsvd.limit_in_bytes";
            if (CgroupFiles.exists(dir, rsvd)) {
                CgroupFiles.write(dir, rsvd, value, field + "[" + i + "]");
            }
        }
    }

    private void applyNetwork(LinuxNetwork n) throws CgroupException {
        if (n == null) {
            return;
        }
        String field = FIELD + ".network";
        if (n.classId() != null && n.classId() != 0) {
            CgroupFiles.write(dirFor("net_cls", field + ".classID"), "net_cls.classid",
                    Long.toString(n.classId()), field + ".classID");
        }
        for (int i = 0; i < CgroupResources.list(n.priorities()).size(); i++) {
            LinuxInterfacePriority p = CgroupResources.list(n.priorities()).get(i);
            CgroupFiles.write(dirFor("net_prio", field + ".priorities"), "net_prio.ifpriomap",
                    p.name() + " " + p.priority(), field + ".priorities[" + i + "]");
        }
    }

    private void applyRdma(Map<String, LinuxRdma> rdma) throws CgroupException {
        if (rdma.isEmpty()) {
            return;
        }
        String field = FIELD + ".rdma";
        Path dir = dirFor("rdma", field);
        for (Map.Entry<String, LinuxRdma> e : rdma.entrySet()) {
            CgroupFiles.write(dir, "rdma.max", RdmaLimit.line(e.getKey(), e.getValue()), field + "." + e.getKey());
        }
    }

    static long parseUnsigned(String text, String file) throws CgroupException {
        try {
            return Long.parseUnsignedLong(text.strip());
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected content in " + file + ": " + text);
        }
    }
}
