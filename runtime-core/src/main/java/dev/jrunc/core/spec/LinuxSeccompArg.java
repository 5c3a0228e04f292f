package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A syscall argument comparison; values are uint64 (see {@link Unsigned64}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSeccompArg(
        @Unsigned64 Long index,
        @Unsigned64 Long value,
        @Unsigned64 Long valueTwo,
        String op) {
}
