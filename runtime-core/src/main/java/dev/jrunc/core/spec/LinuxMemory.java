package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code linux.resources.memory}. Byte values are int64 where -1 means "unlimited"; only
 * {@code swappiness} is unsigned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxMemory(
        Long limit,
        Long reservation,
        Long swap,
        Long kernel,
        @JsonProperty("kernelTCP") Long kernelTcp,
        @Unsigned64 Long swappiness,
        @JsonProperty("disableOOMKiller") Boolean disableOomKiller,
        Boolean useHierarchy,
        Boolean checkBeforeUpdate) {
}
