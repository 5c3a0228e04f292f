package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.cgroup.CgroupResources;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.spec.LinuxResources;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

/**
 * {@code update}: writes the given limits into the container's cgroup (the paths its state
 * recorded at create). Device rules in the document are ignored, as runc ignores them:
 * containerd sends its whole resources block, devices included, on every update.
 */
public final class ContainerUpdater {
    private final StateStore store;
    private final StatusProbe probe;

    public ContainerUpdater(RuntimeContext ctx) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
    }

    public void update(String id, LinuxResources resources) {
        ContainerRecord record = store.require(id);
        SpecValidator.validateResources(resources);
        try (StateStore.Lock ignored = store.lock(id)) {
            if (probe.status(record) == ContainerStatus.STOPPED) {
                throw new JruncException("container not running");
            }
            CgroupManager.fromPaths(record.cgroupPaths()).apply(CgroupResources.of(resources));
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }
}
