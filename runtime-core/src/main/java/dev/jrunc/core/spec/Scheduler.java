package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** {@code process.scheduler}: sched_setattr(2) parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Scheduler(
        String policy,
        Integer nice,
        Integer priority,
        List<String> flags,
        @Unsigned64 Long runtime,
        @Unsigned64 Long deadline,
        @Unsigned64 Long period) {

    public Scheduler {
        flags = Copies.list(flags);
    }
}
