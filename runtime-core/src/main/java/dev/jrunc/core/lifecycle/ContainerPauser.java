package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

/**
 * {@code pause} and {@code resume}: the freezer of the container's cgroup. Nothing is
 * stored: {@code state} reads "paused" from the freezer itself.
 */
public final class ContainerPauser {
    private final StateStore store;
    private final StatusProbe probe;

    public ContainerPauser(RuntimeContext ctx) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
    }

    /** runc pauses running and created containers; anything else is "container not running". */
    public void pause(String id) {
        ContainerRecord record = store.require(id);
        try (StateStore.Lock ignored = store.lock(id)) {
            ContainerStatus status = probe.status(record);
            if (status != ContainerStatus.RUNNING && status != ContainerStatus.CREATED) {
                throw new JruncException("container not running");
            }
            cgroup(record).freeze();
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }

    public void resume(String id) {
        ContainerRecord record = store.require(id);
        try (StateStore.Lock ignored = store.lock(id)) {
            if (probe.status(record) != ContainerStatus.PAUSED) {
                throw new JruncException("container not paused");
            }
            cgroup(record).thaw();
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }

    static CgroupManager cgroup(ContainerRecord record) throws CgroupException {
        return CgroupManager.fromPaths(record.cgroupPaths());
    }
}
