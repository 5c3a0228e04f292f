package dev.jrunc.core.lifecycle;

import dev.jrunc.core.cgroup.CgroupResources;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxResources;
import dev.jrunc.core.spec.Spec;

/** config.json's linux.resources → the limits the cgroup managers apply. */
final class CgroupResourcesMapper {
    private CgroupResourcesMapper() {
    }

    static CgroupResources from(Spec spec) {
        LinuxResources r = spec.linux() == null ? null : spec.linux().resources();
        if (r == null) {
            return CgroupResources.none();
        }
        CgroupResources out = CgroupResources.none();
        LinuxMemory m = r.memory();
        if (m != null) {
            out = out.withMemoryLimit(m.limit()).withMemoryReservation(m.reservation()).withMemorySwap(m.swap());
        }
        LinuxCpu c = r.cpu();
        if (c != null) {
            out = out.withCpuShares(c.shares()).withCpuQuota(c.quota()).withCpuPeriod(c.period())
                    .withCpusetCpus(c.cpus()).withCpusetMems(c.mems());
        }
        if (r.pids() != null) {
            out = out.withPidsLimit(r.pids().limit());
        }
        return out;
    }
}
