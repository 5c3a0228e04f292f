package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code root}: the rootfs path (absolute, or relative to the bundle) and read-only flag. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Root(String path, Boolean readonly) {
}
