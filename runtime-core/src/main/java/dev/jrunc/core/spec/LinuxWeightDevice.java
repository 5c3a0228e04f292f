package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A {@code blockIO.weightDevice} entry: {@code major:minor} with weight/leafWeight (uint16). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxWeightDevice(Long major, Long minor, Integer weight, Integer leafWeight) {
}
