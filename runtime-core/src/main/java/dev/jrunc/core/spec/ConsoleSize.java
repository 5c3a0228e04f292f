package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code process.consoleSize} (Go: {@code Box}); both values are Go {@code uint}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsoleSize(@Unsigned64 Long height, @Unsigned64 Long width) {
}
