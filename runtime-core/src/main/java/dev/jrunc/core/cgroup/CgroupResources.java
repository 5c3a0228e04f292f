package dev.jrunc.core.cgroup;

import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxHugepageLimit;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxNetwork;
import dev.jrunc.core.spec.LinuxRdma;
import dev.jrunc.core.spec.LinuxResources;

import java.util.List;
import java.util.Map;

/**
 * The limits a cgroup manager applies, in OCI (cgroup v1-shaped) units: everything of
 * {@code linux.resources} except the device rules, which travel as {@link DeviceRule}s.
 * Null anywhere leaves the kernel's current value alone, so the same record serves
 * {@code create} and a partial {@code update}.
 *
 * @param pidsLimit max tasks; negative for unlimited, 0 is written as 1 (OCI pids.limit)
 * @param unified   raw cgroup v2 file name to value; refused on a v1-only host
 */
public record CgroupResources(
        LinuxMemory memory,
        LinuxCpu cpu,
        Long pidsLimit,
        LinuxBlockIo blockIo,
        List<LinuxHugepageLimit> hugepageLimits,
        LinuxNetwork network,
        Map<String, LinuxRdma> rdma,
        Map<String, String> unified) {

    private static final LinuxMemory NO_MEMORY = new LinuxMemory(null, null, null, null, null, null, null, null, null);
    private static final LinuxCpu NO_CPU = new LinuxCpu(null, null, null, null, null, null, null, null, null);
    private static final CgroupResources NONE = new CgroupResources(null, null, null, null, null, null, null, null);

    public CgroupResources {
        hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
        rdma = rdma == null ? Map.of() : Map.copyOf(rdma);
        unified = unified == null ? Map.of() : Map.copyOf(unified);
    }

    /** Nothing set; start here and use the with* methods. */
    public static CgroupResources none() {
        return NONE;
    }

    /** {@code linux.resources} (or {@code update}'s resources document) minus the device rules. */
    public static CgroupResources of(LinuxResources r) {
        if (r == null) {
            return NONE;
        }
        return new CgroupResources(r.memory(), r.cpu(), r.pids() == null ? null : r.pids().limit(), r.blockIo(),
                r.hugepageLimits(), r.network(), r.rdma(), r.unified());
    }

    LinuxMemory memoryOrEmpty() {
        return memory == null ? NO_MEMORY : memory;
    }

    LinuxCpu cpuOrEmpty() {
        return cpu == null ? NO_CPU : cpu;
    }

    public Long memoryLimit() {
        return memoryOrEmpty().limit();
    }

    public Long memoryReservation() {
        return memoryOrEmpty().reservation();
    }

    public Long memorySwap() {
        return memoryOrEmpty().swap();
    }

    public Long cpuShares() {
        return cpuOrEmpty().shares();
    }

    public Long cpuQuota() {
        return cpuOrEmpty().quota();
    }

    public Long cpuPeriod() {
        return cpuOrEmpty().period();
    }

    public String cpusetCpus() {
        return cpuOrEmpty().cpus();
    }

    public String cpusetMems() {
        return cpuOrEmpty().mems();
    }

    public CgroupResources withMemory(LinuxMemory m) {
        return new CgroupResources(m, cpu, pidsLimit, blockIo, hugepageLimits, network, rdma, unified);
    }

    public CgroupResources withCpu(LinuxCpu c) {
        return new CgroupResources(memory, c, pidsLimit, blockIo, hugepageLimits, network, rdma, unified);
    }

    public CgroupResources withBlockIo(LinuxBlockIo b) {
        return new CgroupResources(memory, cpu, pidsLimit, b, hugepageLimits, network, rdma, unified);
    }

    public CgroupResources withHugepageLimits(List<LinuxHugepageLimit> h) {
        return new CgroupResources(memory, cpu, pidsLimit, blockIo, h, network, rdma, unified);
    }

    public CgroupResources withNetwork(LinuxNetwork n) {
        return new CgroupResources(memory, cpu, pidsLimit, blockIo, hugepageLimits, n, rdma, unified);
    }

    public CgroupResources withRdma(Map<String, LinuxRdma> r) {
        return new CgroupResources(memory, cpu, pidsLimit, blockIo, hugepageLimits, network, r, unified);
    }

    public CgroupResources withUnified(Map<String, String> u) {
        return new CgroupResources(memory, cpu, pidsLimit, blockIo, hugepageLimits, network, rdma, u);
    }

    public CgroupResources withPidsLimit(Long v) {
        return new CgroupResources(memory, cpu, v, blockIo, hugepageLimits, network, rdma, unified);
    }

    public CgroupResources withMemoryLimit(Long v) {
        LinuxMemory m = memoryOrEmpty();
        return withMemory(new LinuxMemory(v, m.reservation(), m.swap(), m.kernel(), m.kernelTcp(), m.swappiness(),
                m.disableOomKiller(), m.useHierarchy(), m.checkBeforeUpdate()));
    }

    public CgroupResources withMemoryReservation(Long v) {
        LinuxMemory m = memoryOrEmpty();
        return withMemory(new LinuxMemory(m.limit(), v, m.swap(), m.kernel(), m.kernelTcp(), m.swappiness(),
                m.disableOomKiller(), m.useHierarchy(), m.checkBeforeUpdate()));
    }

    public CgroupResources withMemorySwap(Long v) {
        LinuxMemory m = memoryOrEmpty();
        return withMemory(new LinuxMemory(m.limit(), m.reservation(), v, m.kernel(), m.kernelTcp(), m.swappiness(),
                m.disableOomKiller(), m.useHierarchy(), m.checkBeforeUpdate()));
    }

    public CgroupResources withCpuShares(Long v) {
        LinuxCpu c = cpuOrEmpty();
        return withCpu(new LinuxCpu(v, c.quota(), c.burst(), c.period(), c.realtimeRuntime(), c.realtimePeriod(),
                c.cpus(), c.mems(), c.idle()));
    }

    public CgroupResources withCpuQuota(Long v) {
        LinuxCpu c = cpuOrEmpty();
        return withCpu(new LinuxCpu(c.shares(), v, c.burst(), c.period(), c.realtimeRuntime(), c.realtimePeriod(),
                c.cpus(), c.mems(), c.idle()));
    }

    public CgroupResources withCpuPeriod(Long v) {
        LinuxCpu c = cpuOrEmpty();
        return withCpu(new LinuxCpu(c.shares(), c.quota(), c.burst(), v, c.realtimeRuntime(), c.realtimePeriod(),
                c.cpus(), c.mems(), c.idle()));
    }

    public CgroupResources withCpusetCpus(String v) {
        LinuxCpu c = cpuOrEmpty();
        return withCpu(new LinuxCpu(c.shares(), c.quota(), c.burst(), c.period(), c.realtimeRuntime(),
                c.realtimePeriod(), v, c.mems(), c.idle()));
    }

    public CgroupResources withCpusetMems(String v) {
        LinuxCpu c = cpuOrEmpty();
        return withCpu(new LinuxCpu(c.shares(), c.quota(), c.burst(), c.period(), c.realtimeRuntime(),
                c.realtimePeriod(), c.cpus(), v, c.idle()));
    }

    /** runc treats 0 as "not set" for these numeric knobs; so do we, besides null. */
    static boolean isSet(Long v) {
        return v != null && v != 0;
    }

    static boolean isSet(Integer v) {
        return v != null && v != 0;
    }

    /** The spec records keep absent lists as null. */
    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static boolean isSet(String v) {
        return v != null && !v.isEmpty();
    }
}
