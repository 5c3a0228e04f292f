package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** {@code linux}: everything in config-linux.md, in runtime-spec's Go field order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Linux(
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        Map<String, String> sysctl,
        LinuxResources resources,
        String cgroupsPath,
        List<LinuxNamespace> namespaces,
        List<LinuxDevice> devices,
        Map<String, LinuxNetDevice> netDevices,
        LinuxSeccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        LinuxIntelRdt intelRdt,
        LinuxMemoryPolicy memoryPolicy,
        LinuxPersonality personality,
        Map<String, LinuxTimeOffset> timeOffsets) {

    public Linux {
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        sysctl = Copies.map(sysctl);
        namespaces = Copies.list(namespaces);
        devices = Copies.list(devices);
        netDevices = Copies.map(netDevices);
        maskedPaths = Copies.list(maskedPaths);
        readonlyPaths = Copies.list(readonlyPaths);
        timeOffsets = Copies.map(timeOffsets);
    }
}
