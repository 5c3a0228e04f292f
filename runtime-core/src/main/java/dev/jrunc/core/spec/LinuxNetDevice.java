package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code linux.netDevices} value: the interface's name inside the container (optional). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxNetDevice(String name) {
}
