package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A uid/gid range mapping (Go: {@code LinuxIDMapping}), used by linux and by mounts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdMapping(
        @JsonProperty("containerID") @Unsigned32 Long containerId,
        @JsonProperty("hostID") @Unsigned32 Long hostId,
        @Unsigned32 Long size) {
}
