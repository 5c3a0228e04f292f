package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** {@code linux.resources}: cgroup limits; {@code unified} holds raw cgroup v2 file values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxResources(
        List<LinuxDeviceCgroup> devices,
        LinuxMemory memory,
        LinuxCpu cpu,
        LinuxPids pids,
        @JsonProperty("blockIO") LinuxBlockIo blockIo,
        List<LinuxHugepageLimit> hugepageLimits,
        LinuxNetwork network,
        Map<String, LinuxRdma> rdma,
        Map<String, String> unified) {

    public LinuxResources {
        devices = Copies.list(devices);
        hugepageLimits = Copies.list(hugepageLimits);
        rdma = Copies.map(rdma);
        unified = Copies.map(unified);
    }
}
