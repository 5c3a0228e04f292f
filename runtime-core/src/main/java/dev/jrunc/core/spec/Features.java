package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The {@code jrunc features} document (runtime-spec features.md / features-linux.md). Component
 * order is runc's output key order (cli-contract §6). Every property except the two versions
 * may be null, and null ("unknown") is different from an empty list ("none"), so nothing here
 * is defaulted. The nested records are the document's sub-objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Features(
        String ociVersionMin,
        String ociVersionMax,
        List<String> hooks,
        List<String> mountOptions,
        Linux linux,
        Map<String, String> annotations,
        List<String> potentiallyUnsafeConfigAnnotations) {

    public Features {
        hooks = Copies.list(hooks);
        mountOptions = Copies.list(mountOptions);
        annotations = Copies.map(annotations);
        potentiallyUnsafeConfigAnnotations = Copies.list(potentiallyUnsafeConfigAnnotations);
    }

    /** runc's layout: four-space indent and a trailing newline. */
    public String toJson() {
        return FeaturesWriter.write(this) + "\n";
    }

    /** {@code linux}: what jrunc recognises of config-linux.md. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Linux(
            List<String> namespaces,
            List<String> capabilities,
            Cgroup cgroup,
            Seccomp seccomp,
            Apparmor apparmor,
            Selinux selinux,
            IntelRdt intelRdt,
            MemoryPolicy memoryPolicy,
            MountExtensions mountExtensions,
            NetDevices netDevices) {

        public Linux {
            namespaces = Copies.list(namespaces);
            capabilities = Copies.list(capabilities);
        }
    }

    /** {@code linux.cgroup}: supported cgroup managers and controllers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cgroup(Boolean v1, Boolean v2, Boolean systemd, Boolean systemdUser, Boolean rdma) {
    }

    /** {@code linux.seccomp}; {@code supportedFlags} must be a subset of {@code knownFlags}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seccomp(
            Boolean enabled,
            List<String> actions,
            List<String> operators,
            List<String> archs,
            List<String> knownFlags,
            List<String> supportedFlags) {

        public Seccomp {
            actions = Copies.list(actions);
            operators = Copies.list(operators);
            archs = Copies.list(archs);
            knownFlags = Copies.list(knownFlags);
            supportedFlags = Copies.list(supportedFlags);
        }
    }

    /** {@code linux.apparmor}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Apparmor(Boolean enabled) {
    }

    /** {@code linux.selinux}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Selinux(Boolean enabled) {
    }

    /** {@code linux.intelRdt}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntelRdt(Boolean enabled, Boolean schemata, Boolean monitoring) {
    }

    /** {@code linux.memoryPolicy}: recognised set_mempolicy modes and flags. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemoryPolicy(List<String> modes, List<String> flags) {

        public MemoryPolicy {
            modes = Copies.list(modes);
            flags = Copies.list(flags);
        }
    }

    /** {@code linux.mountExtensions}; containerd and CRI-O gate idmapped mounts on it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MountExtensions(IdMap idmap) {
    }

    /** {@code linux.mountExtensions.idmap}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IdMap(Boolean enabled) {
    }

    /** {@code linux.netDevices}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NetDevices(Boolean enabled) {
    }
}
