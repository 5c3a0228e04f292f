package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code linux.personality}: execution domain ({@code LINUX}, {@code LINUX32}) and flags. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxPersonality(String domain, List<String> flags) {

    public LinuxPersonality {
        flags = Copies.list(flags);
    }
}
