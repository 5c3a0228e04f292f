package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code linux.memoryPolicy}: set_mempolicy(2) mode, node list and flags. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxMemoryPolicy(String mode, String nodes, List<String> flags) {

    public LinuxMemoryPolicy {
        flags = Copies.list(flags);
    }
}
