package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One {@code linux.devices} entry (a node to create); {@code fileMode} is decimal, not octal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxDevice(
        String path,
        String type,
        Long major,
        Long minor,
        @Unsigned32 Long fileMode,
        @Unsigned32 Long uid,
        @Unsigned32 Long gid) {
}
