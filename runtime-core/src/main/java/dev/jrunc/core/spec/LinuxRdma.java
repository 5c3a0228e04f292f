package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code linux.resources.rdma} value, keyed by device name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxRdma(@Unsigned32 Long hcaHandles, @Unsigned32 Long hcaObjects) {
}
