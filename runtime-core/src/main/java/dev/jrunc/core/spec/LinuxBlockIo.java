package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** {@code linux.resources.blockIO}: weights (uint16) and per-device throttles. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxBlockIo(
        Integer weight,
        Integer leafWeight,
        List<LinuxWeightDevice> weightDevice,
        List<LinuxThrottleDevice> throttleReadBpsDevice,
        List<LinuxThrottleDevice> throttleWriteBpsDevice,
        @JsonProperty("throttleReadIOPSDevice") List<LinuxThrottleDevice> throttleReadIopsDevice,
        @JsonProperty("throttleWriteIOPSDevice") List<LinuxThrottleDevice> throttleWriteIopsDevice) {

    public LinuxBlockIo {
        weightDevice = Copies.list(weightDevice);
        throttleReadBpsDevice = Copies.list(throttleReadBpsDevice);
        throttleWriteBpsDevice = Copies.list(throttleWriteBpsDevice);
        throttleReadIopsDevice = Copies.list(throttleReadIopsDevice);
        throttleWriteIopsDevice = Copies.list(throttleWriteIopsDevice);
    }
}
