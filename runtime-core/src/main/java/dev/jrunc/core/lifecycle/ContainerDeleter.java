package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

import java.util.Optional;

/** {@code delete}: runc's table of what happens in each status, with and without --force. */
public final class ContainerDeleter {
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final StateStore store;
    private final StatusProbe probe;

    public ContainerDeleter(RuntimeContext ctx) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
    }

    public void delete(String id, boolean force) {
        Optional<ContainerRecord> loaded = store.load(id);
        if (loaded.isEmpty()) {
            store.remove(id);
            if (force) {
                return;
            }
            throw new JruncException("container does not exist");
        }
        ContainerRecord record = loaded.get();
        try (StateStore.Lock ignored = store.lock(id)) {
            ContainerStatus status = probe.status(record);
            switch (status) {
                case STOPPED -> { }
                // A never-started container is deleted without --force: containerd relies on it.
                case CREATED -> killAndWait(record);
                case RUNNING, PAUSED -> {
                    if (!force) {
                        throw new JruncException("cannot delete container " + id + " that is not stopped: " + status.wireName());
                    }
                    killAndWait(record);
                }
            }
            destroy(record);
        }
    }

    private void killAndWait(ContainerRecord record) {
        CgroupProcesses.thaw(record);
        if (record.sharedPidNamespace()) {
            CgroupProcesses.signalAll(record, Signals.SIGKILL);
        }
        Processes.signal(record.pid(), Signals.SIGKILL);
        long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
        while (StatusProbe.initAlive(record)) {
            if (System.currentTimeMillis() > deadline) {
                throw new JruncException("container init still running");
            }
            sleep(10);
        }
    }

    /** Removes everything the container holds: leftover processes, cgroup, state. */
    void destroy(ContainerRecord record) {
        CgroupProcesses.killAllAndRemove(record);
        store.remove(record.id());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("interrupted");
        }
    }
}
