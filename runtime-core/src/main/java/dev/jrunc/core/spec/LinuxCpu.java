package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code linux.resources.cpu}: CFS/RT bandwidth (µs), shares, cpuset lists and idle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxCpu(
        @Unsigned64 Long shares,
        Long quota,
        @Unsigned64 Long burst,
        @Unsigned64 Long period,
        Long realtimeRuntime,
        @Unsigned64 Long realtimePeriod,
        String cpus,
        String mems,
        Long idle) {
}
