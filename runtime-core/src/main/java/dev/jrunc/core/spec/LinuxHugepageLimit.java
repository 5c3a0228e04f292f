package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code hugepageLimits} entry: page size such as "2MB" and a byte limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxHugepageLimit(String pageSize, @Unsigned64 Long limit) {
}
