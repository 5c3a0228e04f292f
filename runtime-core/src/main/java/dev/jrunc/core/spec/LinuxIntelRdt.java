package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code linux.intelRdt}: resctrl class of service, schemata lines and monitoring switch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxIntelRdt(
        @JsonProperty("closID") String closId,
        List<String> schemata,
        String l3CacheSchema,
        String memBwSchema,
        Boolean enableMonitoring) {

    public LinuxIntelRdt {
        schemata = Copies.list(schemata);
    }
}
