package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code process.execCPUAffinity}: CPU lists ("0-3,7") for an exec'd process before and after
 * it joins the container cgroup. {@code final} is a Java keyword, hence {@code finalCpus}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CpuAffinity(String initial, @JsonProperty("final") String finalCpus) {
}
