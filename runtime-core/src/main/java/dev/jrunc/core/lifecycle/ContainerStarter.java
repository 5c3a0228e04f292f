package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code start}: releases a created container's init to execve the user's process. */
public final class ContainerStarter {
    private final StateStore store;
    private final Handoff handoff;

    public ContainerStarter(RuntimeContext ctx) {
        this(ctx, null);
    }

    /** @param handoff when not null, jrunc-init releases the fifo after this JVM exits (no FFI here) */
    public ContainerStarter(RuntimeContext ctx, Handoff handoff) {
        this.store = ctx.store();
        this.handoff = handoff;
    }

    public ContainerRecord start(String id) {
        ContainerRecord record = store.require(id);
        try (StateStore.Lock ignored = store.lock(id)) {
            switch (new StatusProbe(store).status(record)) {
                case STOPPED -> throw new JruncException("cannot start a container that has stopped");
                case RUNNING -> throw new JruncException("cannot start an already running container");
                case PAUSED -> throw new JruncException("cannot start a container in the paused state");
                case CREATED -> {
                    if (handoff != null) {
                        List<String> args = new ArrayList<>(List.of("--fifo", store.execFifo(id).toString()));
                        Path hooks = store.containerDir(id).resolve(StateStore.HOOKS_FILE);
                        if (Files.exists(hooks)) {
                            args.addAll(List.of("--hooks", hooks.toString(), "--pid", Integer.toString(record.pid())));
                        } else if (System.getenv(NotifySocket.ENV) != null) {
                            // jrunc-init start waits for the container's READY= or the init's death.
                            args.addAll(List.of("--pid", Integer.toString(record.pid())));
                        }
                        handoff.exec("start", args);
                    } else {
                        ExecFifo.release(store.execFifo(id));
                    }
                }
            }
        }
        return record;
    }
}
