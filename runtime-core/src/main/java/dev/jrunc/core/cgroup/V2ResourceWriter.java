package dev.jrunc.core.cgroup;

import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxHugepageLimit;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxNetwork;
import dev.jrunc.core.spec.LinuxRdma;
import dev.jrunc.core.spec.LinuxThrottleDevice;
import dev.jrunc.core.spec.LinuxWeightDevice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link CgroupResources} into cgroup v2 control files, converting the v1-shaped
 * OCI values as runc's fs2 driver does (opencontainers/cgroups fs2/memory.go, cpu.go,
 * io.go, hugetlb.go, pids.go, rdma.go; utils.go for the conversions). Fields v2 has no
 * equivalent for are refused, naming the field, rather than dropped.
 */
final class V2ResourceWriter {
    /** The kernel's default cpu.max period, used when only a quota is given. */
    private static final long DEFAULT_PERIOD_US = 100_000;
    private static final String FIELD = V1ResourceWriter.FIELD;

    private final Path dir;

    V2ResourceWriter(Path dir) {
        this.dir = dir;
    }

    void apply(CgroupResources r) throws CgroupException {
        refuseV1Only(r);
        applyMemory(r);
        applyCpu(r.cpuOrEmpty());
        applyCpuset(r);
        if (r.pidsLimit() != null) {
            CgroupFiles.write(dir, "pids.max", PidsLimit.format(r.pidsLimit()), FIELD + ".pids.limit");
        }
        applyIo(r.blockIo());
        applyHugetlb(r.hugepageLimits());
        for (Map.Entry<String, LinuxRdma> e : r.rdma().entrySet()) {
            CgroupFiles.write(dir, "rdma.max", RdmaLimit.line(e.getKey(), e.getValue()), FIELD + ".rdma." + e.getKey());
        }
        applyUnified(dir, r.unified());
    }

    /** What only cgroup v1 can express. */
    private static void refuseV1Only(CgroupResources r) throws CgroupException {
        LinuxMemory m = r.memoryOrEmpty();
        if (m.kernelTcp() != null && m.kernelTcp() != 0) {
            throw unsupported("memory.kernelTCP");
        }
        if (m.swappiness() != null && m.swappiness() != -1) {
            throw unsupported("memory.swappiness");
        }
        if (Boolean.TRUE.equals(m.disableOomKiller())) {
            throw unsupported("memory.disableOOMKiller");
        }
        if (Boolean.FALSE.equals(m.useHierarchy())) {
            throw new CgroupException(FIELD + ".memory.useHierarchy: cgroup v2 is always hierarchical");
        }
        LinuxCpu c = r.cpuOrEmpty();
        if (CgroupResources.isSet(c.realtimeRuntime()) || CgroupResources.isSet(c.realtimePeriod())) {
            throw unsupported("cpu.realtimeRuntime/realtimePeriod");
        }
        LinuxBlockIo b = r.blockIo();
        if (b != null && (CgroupResources.isSet(b.leafWeight())
                || CgroupResources.list(b.weightDevice()).stream().anyMatch(d -> d.leafWeight() != null))) {
            throw unsupported("blockIO.leafWeight");
        }
        LinuxNetwork n = r.network();
        if (n != null && ((n.classId() != null && n.classId() != 0) || !CgroupResources.list(n.priorities()).isEmpty())) {
            throw unsupported("network");
        }
    }

    private static CgroupException unsupported(String field) {
        return new CgroupException(FIELD + "." + field + ": not supported on cgroup v2");
    }

    /** v2 spells "no limit" as "max" where v1 took -1. */
    private static String limitText(long value) {
        return value == -1 ? "max" : Long.toString(value);
    }

    private void applyMemory(CgroupResources r) throws CgroupException {
        String field = FIELD + ".memory";
        LinuxMemory m = r.memoryOrEmpty();
        long limit = m.limit() == null ? 0 : m.limit();
        long swap = m.swap() == null ? 0 : m.swap();
        long reservation = m.reservation() == null ? 0 : m.reservation();
        if (limit == 0 && swap == 0 && reservation == 0) {
            return;
        }
        // v2 keeps swap apart from memory while the OCI value is their sum, so an update of
        // one of them needs the other: runc takes it from the limits it recorded, which are
        // what the two files hold.
        // "max" reads as unset: a fresh cgroup holds it, and runc's recorded limit is 0 then.
        if (swap != 0 && limit == 0) {
            limit = Math.max(0, currentLimit("memory.max"));
        } else if (limit > 0 && swap == 0) {
            long oldLimit = currentLimit("memory.max");
            long oldSwap = currentLimit("memory.swap.max");
            if (oldLimit > 0 && oldSwap >= 0) {
                swap = oldLimit + oldSwap;
            }
        }
        if (limit > 0 && Boolean.TRUE.equals(m.checkBeforeUpdate())) {
            MemoryUsageCheck.requireBelow(limit, CgroupFiles.readIfPresent(dir, "memory.current"),
                    CgroupFiles.readIfPresent(dir, "memory.peak"));
        }
        long v2Swap;
        try {
            v2Swap = CgroupConversions.swapToV2(swap, limit);
        } catch (CgroupException e) {
            throw new CgroupException(field + ".swap: " + e.getMessage(), e);
        }
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
                CgroupFiles.write(dir, "memory.swap.max", swapText, field + ".swap");
            }
        }
        if (limit != 0) {
            CgroupFiles.write(dir, "memory.max", limitText(limit), field + ".limit");
        }
        if (reservation != 0) {
            CgroupFiles.write(dir, "memory.low", limitText(reservation), field + ".reservation");
        }
    }

    private void applyCpu(LinuxCpu c) throws CgroupException {
        String field = FIELD + ".cpu";
        if (c.idle() != null) {
            CgroupFiles.write(dir, "cpu.idle", Long.toString(c.idle()), field + ".idle");
        }
        if (CgroupResources.isSet(c.shares())) {
            CgroupFiles.write(dir, "cpu.weight", Long.toString(CgroupConversions.cpuSharesToWeight(c.shares())),
                    field + ".shares");
        }
        boolean quota = CgroupResources.isSet(c.quota());
        boolean period = CgroupResources.isSet(c.period());
        // cpu.max.burst may not exceed the quota: with both changing, runc writes the burst
        // after a growing quota and before a shrinking one; after is right for create.
        if (quota || period) {
            // One file holds both, so a lone quota or period keeps the other half as the file
            // has it (runc merges an update into the limits it recorded; a new cgroup holds
            // the kernel's "max 100000", runc's defaults). A quota of 0 or less means "max".
            String[] current = currentCpuMax();
            String q = quota ? (c.quota() > 0 ? Long.toString(c.quota()) : "max") : current[0];
            String p = period ? Long.toString(c.period()) : current[1];
            CgroupFiles.write(dir, "cpu.max", q + " " + p, field + ".quota/period");
        }
        if (c.burst() != null) {
            CgroupFiles.write(dir, "cpu.max.burst", Long.toUnsignedString(c.burst()), field + ".burst");
        }
    }

    /** cpu.max as {quota, period}; the kernel's defaults where the file is absent or odd. */
    private String[] currentCpuMax() throws CgroupException {
        String text = CgroupFiles.readIfPresent(dir, "cpu.max");
        String[] parts = text == null ? new String[0] : text.trim().split(" ");
        if (parts.length != 2 || !parts[1].matches("\\d+") || !(parts[0].equals("max") || parts[0].matches("\\d+"))) {
            return new String[] {"max", Long.toString(DEFAULT_PERIOD_US)};
        }
        return parts;
    }

    /** A memory limit file as a number: -1 for "max" and also when absent or not a number. */
    private long currentLimit(String file) throws CgroupException {
        String text = CgroupFiles.readIfPresent(dir, file);
        if (text == null) {
            return -1;
        }
        text = text.trim();
        if (text.equals("max")) {
            return -1;
        }
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private void applyCpuset(CgroupResources r) throws CgroupException {
        if (CgroupResources.isSet(r.cpusetCpus())) {
            CgroupFiles.write(dir, "cpuset.cpus", r.cpusetCpus(), FIELD + ".cpu.cpus");
        }
        if (CgroupResources.isSet(r.cpusetMems())) {
            CgroupFiles.write(dir, "cpuset.mems", r.cpusetMems(), FIELD + ".cpu.mems");
        }
    }

    private void applyIo(LinuxBlockIo b) throws CgroupException {
        if (b == null) {
            return;
        }
        String field = FIELD + ".blockIO";
        // BFQ takes blkio's own 10..1000 scale and per-device weights; without it only the
        // io controller's single weight exists, on its 1..10000 scale.
        boolean bfq = CgroupFiles.exists(dir, "io.bfq.weight");
        if (CgroupResources.isSet(b.weight())) {
            if (bfq) {
                CgroupFiles.write(dir, "io.bfq.weight", Integer.toString(b.weight()), field + ".weight");
            } else {
                CgroupFiles.write(dir, "io.weight", Long.toString(CgroupConversions.blkioWeightToIoWeight(b.weight())),
                        field + ".weight");
            }
        }
        for (int i = 0; i < CgroupResources.list(b.weightDevice()).size(); i++) {
            LinuxWeightDevice d = CgroupResources.list(b.weightDevice()).get(i);
            if (d.weight() == null) {
                continue;
            }
            if (!bfq) {
                throw new CgroupException(field + ".weightDevice[" + i
                        + "]: per-device weights need the BFQ I/O scheduler (io.bfq.weight is absent)");
            }
            CgroupFiles.write(dir, "io.bfq.weight", d.major() + ":" + d.minor() + " " + d.weight(),
                    field + ".weightDevice[" + i + "]");
        }
        ioMax(CgroupResources.list(b.throttleReadBpsDevice()), "rbps", field + ".throttleReadBpsDevice");
        ioMax(CgroupResources.list(b.throttleWriteBpsDevice()), "wbps", field + ".throttleWriteBpsDevice");
        ioMax(CgroupResources.list(b.throttleReadIopsDevice()), "riops", field + ".throttleReadIOPSDevice");
        ioMax(CgroupResources.list(b.throttleWriteIopsDevice()), "wiops", field + ".throttleWriteIOPSDevice");
    }

    private void ioMax(List<LinuxThrottleDevice> devices, String key, String field) throws CgroupException {
        for (int i = 0; i < devices.size(); i++) {
            LinuxThrottleDevice d = devices.get(i);
            CgroupFiles.write(dir, "io.max", ioMaxLine(d, key), field + "[" + i + "]");
        }
    }

    /** "8:0 rbps=1048576"; v1's rate 0 (no limit) is v2's "max". */
    static String ioMaxLine(LinuxThrottleDevice d, String key) {
        String rate = d.rate() == null || d.rate() == 0 ? "max" : Long.toUnsignedString(d.rate());
        return d.major() + ":" + d.minor() + " " + key + "=" + rate;
    }

    private void applyHugetlb(List<LinuxHugepageLimit> limits) throws CgroupException {
        String field = FIELD + ".hugepageLimits";
        for (int i = 0; i < limits.size(); i++) {
            LinuxHugepageLimit h = limits.get(i);
            String value = Long.toUnsignedString(h.limit());
            CgroupFiles.write(dir, "hugetlb." + h.pageSize() + ".max", value, field + "[" + i + "]");
            String rsvd = "hugetlb." + h.pageSize() + ".rsvd.max";
            if (CgroupFiles.exists(dir, rsvd)) {
                CgroupFiles.write(dir, rsvd, value, field + "[" + i + "]");
            }
        }
    }

    /**
     * Raw v2 files, last so they win over the converted values. Only plain file names of
     * existing files: a key must not walk out of the container's directory.
     */
    static void applyUnified(Path dir, Map<String, String> unified) throws CgroupException {
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String key = e.getKey();
            String field = FIELD + ".unified." + key;
            if (key.isEmpty() || key.contains("/") || key.startsWith(".") || !key.contains(".")) {
                throw new CgroupException(field + ": not a cgroup v2 file name");
            }
            if (!CgroupFiles.exists(dir, key)) {
                String controller = key.substring(0, key.indexOf('.'));
                throw new CgroupException(field + ": no such file in the container's cgroup (is the " + controller
                        + " controller enabled?)");
            }
            CgroupFiles.write(dir, key, e.getValue(), field);
        }
    }
}
