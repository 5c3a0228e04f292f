package dev.jrunc.core;

import dev.jrunc.core.plan.MountOptions;
import dev.jrunc.core.seccomp.SeccompFeatures;
import dev.jrunc.core.spec.Features;
import dev.jrunc.core.spec.KnownNames;

import java.util.List;
import java.util.Map;

/**
 * What {@code jrunc features} claims: only what jrunc really does. containerd and CRI-O turn
 * features on from this document (idmapped mounts, recursive read-only), so a claim that is
 * not implemented breaks pods later.
 */
public final class FeaturesReport {
    private FeaturesReport() {
    }

    public static Features current() {
        Features.Linux linux = new Features.Linux(
                List.of("cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"),
                KnownNames.CAPABILITIES,
                new Features.Cgroup(true, true, false, false, true),
                SeccompFeatures.current(),
                // Supported by jrunc (features-linux.md: not whether this host has the LSM).
                new Features.Apparmor(true),
                new Features.Selinux(true),
                new Features.IntelRdt(false, false, false),
                new Features.MemoryPolicy(KnownNames.MEMORY_POLICY_MODES, KnownNames.MEMORY_POLICY_FLAGS),
                new Features.MountExtensions(new Features.IdMap(true)),
                new Features.NetDevices(false));
        return new Features(Version.OCI_SPEC_MIN, Version.OCI_SPEC,
                List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                MountOptions.known(), linux,
                Map.of("org.opencontainers.runc.checkpoint.enabled", "false"), List.of());
    }
}
