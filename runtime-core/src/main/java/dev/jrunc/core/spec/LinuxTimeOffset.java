package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code linux.timeOffsets} value (keys are {@code monotonic} / {@code boottime}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxTimeOffset(Long secs, @Unsigned32 Long nanosecs) {
}
