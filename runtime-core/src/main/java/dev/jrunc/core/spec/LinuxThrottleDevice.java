package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code blockIO.throttle*Device} entry: {@code major:minor} and a per-second rate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxThrottleDevice(Long major, Long minor, @Unsigned64 Long rate) {
}
