package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code network.priorities} entry. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxInterfacePriority(String name, @Unsigned32 Long priority) {
}
