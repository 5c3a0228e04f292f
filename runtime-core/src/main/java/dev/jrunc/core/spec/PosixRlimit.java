package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One {@code process.rlimits} entry. {@code hard}/{@code soft} are uint64 (see
 * {@link Unsigned64}): RLIM_INFINITY reads back as {@code -1L}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PosixRlimit(String type, @Unsigned64 Long hard, @Unsigned64 Long soft) {
}
