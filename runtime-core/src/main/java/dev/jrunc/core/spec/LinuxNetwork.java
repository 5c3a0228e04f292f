package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code linux.resources.network}: net_cls class id and net_prio priorities (cgroup v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxNetwork(
        @JsonProperty("classID") @Unsigned32 Long classId,
        List<LinuxInterfacePriority> priorities) {

    public LinuxNetwork {
        priorities = Copies.list(priorities);
    }
}
