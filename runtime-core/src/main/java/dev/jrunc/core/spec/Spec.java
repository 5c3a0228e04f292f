package dev.jrunc.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The root of {@code config.json} (runtime-spec 1.3 config.md). Components are in the order of
 * runtime-spec's Go struct so that serialized output matches runc's key order. Non-Linux
 * platform sections (windows, solaris, vm, zos, freebsd) are ignored like any unknown property.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    public Spec {
        mounts = Copies.list(mounts);
        annotations = Copies.map(annotations);
    }

    /** The same config with other mounts. */
    public Spec withMounts(List<Mount> newMounts) {
        return new Spec(ociVersion, process, root, hostname, domainname, newMounts, hooks, annotations, linux);
    }

    /** The same config with another process. */
    public Spec withProcess(Process newProcess) {
        return new Spec(ociVersion, newProcess, root, hostname, domainname, mounts, hooks, annotations, linux);
    }
}
