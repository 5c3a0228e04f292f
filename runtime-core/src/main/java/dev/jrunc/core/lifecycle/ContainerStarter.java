package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

/** {@code start}: releases a created container's init to execve the user's process. */
public final class ContainerStarter {
    private final StateStore store;

    public ContainerStarter(RuntimeContext ctx) {
        this.store = ctx.store();
    }

    public ContainerRecord start(String id) {
        ContainerRecord record = store.require(id);
        try (StateStore.Lock ignored = store.lock(id)) {
            switch (new StatusProbe(store).status(record)) {
                case STOPPED -> throw new JruncException("cannot start a container that has stopped");
                case RUNNING -> throw new JruncException("cannot start an already running container");
                case PAUSED -> throw new JruncException("cannot start a container in the paused state");
                case CREATED -> ExecFifo.release(store.execFifo(id));
            }
        }
        return record;
    }
}
