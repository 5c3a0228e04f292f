package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code process.ioPriority}; the JSON key {@code class} is a Java keyword, hence the rename. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxIoPriority(@JsonProperty("class") String ioClass, Integer priority) {
}
