package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One device allow-list rule ({@code linux.resources.devices}). A null type/major/minor means
 * "all", which is why they are nullable rather than defaulted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxDeviceCgroup(Boolean allow, String type, Long major, Long minor, String access) {
}
