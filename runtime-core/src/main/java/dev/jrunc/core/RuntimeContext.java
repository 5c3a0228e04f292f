package dev.jrunc.core;

import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupLayout;
import dev.jrunc.core.state.StateStore;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What every command knows before it looks at a container: the state root, where the
 * distribution's programs are, and the global flags.
 *
 * @param initBinary    libexec/jrunc-init of the distribution
 * @param launcher      bin/jrunc of the distribution (foreground run hands cleanup back to it)
 * @param warnings      runc's log at level warning
 * @param cgroups       where the cgroup hierarchies are: the host's, except in the build's
 *                      AOT training run, which creates a container against a fake cgroupfs
 */
public record RuntimeContext(Path root, Path initBinary, Path launcher, boolean systemdCgroup, boolean rootless,
                             Consumer<String> warnings, CgroupSource cgroups) {

    /** The cgroup layout commands work in. */
    @FunctionalInterface
    public interface CgroupSource {
        CgroupSource HOST = CgroupLayout::detect;

        CgroupLayout layout() throws CgroupException;
    }

    /** A context on the host's cgroups. */
    public RuntimeContext(Path root, Path initBinary, Path launcher, boolean systemdCgroup, boolean rootless,
                          Consumer<String> warnings) {
        this(root, initBinary, launcher, systemdCgroup, rootless, warnings, CgroupSource.HOST);
    }

    /** A context on the host's cgroups whose warnings are dropped. */
    public RuntimeContext(Path root, Path initBinary, Path launcher, boolean systemdCgroup, boolean rootless) {
        this(root, initBinary, launcher, systemdCgroup, rootless, w -> { });
    }

    public StateStore store() {
        return new StateStore(root);
    }
}
