package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code delete}: runc's table of what happens in each status, with and without --force. */
public final class ContainerDeleter {
    private static final long KILL_WAIT_MILLIS = 10_000;

    private final StateStore store;
    private final StatusProbe probe;
    private final Handoff handoff;

    public ContainerDeleter(RuntimeContext ctx) {
        this(ctx, null);
    }

    /** @param handoff when not null, jrunc-init kills, waits and removes after this JVM exits (no FFI here) */
    public ContainerDeleter(RuntimeContext ctx, Handoff handoff) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
        this.handoff = handoff;
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
            if (handoff != null) {
                handOff(record, status, force);
                return;
            }
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

    /** runc's table as above; the killing, the wait and the removal happen in jrunc-init. */
    private void handOff(ContainerRecord record, ContainerStatus status, boolean force) {
        if ((status == ContainerStatus.RUNNING || status == ContainerStatus.PAUSED) && !force) {
            throw new JruncException("cannot delete container " + record.id() + " that is not stopped: " + status.wireName());
        }
        // Pure file writes: a frozen cgroup would keep SIGKILL from taking effect.
        CgroupProcesses.thaw(record);
        List<String> args = new ArrayList<>();
        if (status != ContainerStatus.STOPPED) {
            if (record.sharedPidNamespace()) {
                for (int pid : CgroupProcesses.pids(record)) {
                    args.add("--pid");
                    args.add(Integer.toString(pid));
                }
            }
            args.add("--init");
            args.add(Math.max(record.pid(), 0) + ":" + Math.max(record.initStartTime(), 0));
        }
        for (String dir : CgroupProcesses.dirs(record)) {
            args.add("--cgroup");
            args.add(dir);
        }
        Path dir = store.containerDir(record.id());
        args.add("--state-dir");
        args.add(dir.toString());
        Path hooks = dir.resolve(StateStore.HOOKS_FILE);
        if (Files.exists(hooks)) {
            args.add("--hooks");
            args.add(hooks.toString());
        }
        handoff.exec("delete", args);
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
