package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code linux.resources.pids}; a limit of 0 or below means "no limit" (runc behaviour). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxPids(Long limit) {
}
