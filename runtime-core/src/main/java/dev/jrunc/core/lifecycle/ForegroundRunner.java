package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.linux.Processes;

import java.util.ArrayList;
import java.util.List;

/**
 * Foreground {@code run}: once the container exists, this JVM replaces itself with the
 * supervise mode of jrunc-init (same pid, so the caller's wait and pid files stay right; no
 * JVM stays resident for the container's lifetime). The supervisor starts the container once
 * it catches every signal, forwards them, reaps, cleans the container up unless --keep, and
 * exits with the container's status.
 */
public final class ForegroundRunner {
    private final RuntimeContext ctx;
    private final StateStore store;

    public ForegroundRunner(RuntimeContext ctx) {
        this.ctx = ctx;
        this.store = ctx.store();
    }

    /** Before the container exists: become the reaper of orphans it leaves, as runc does. */
    public void prepare(boolean subreaper) {
        if (subreaper) {
            Processes.setChildSubreaper();
        }
    }

    /**
     * Until the execve, a signal (Ctrl-C, a TERM from the caller) ends the JVM; the shutdown
     * hook then removes the created container instead of leaving its init waiting forever.
     */
    public void startAndSupervise(String id, boolean keep) {
        ContainerRecord record = store.require(id);
        Thread cleanup = new Thread(() -> new ContainerDeleter(ctx).delete(id, true), "jrunc-run-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<String> argv = new ArrayList<>(List.of("jrunc-init", "supervise", "--pid", Integer.toString(record.pid()),
                "--release-fifo", store.execFifo(id).toString()));
        if (!keep) {
            if (record.cgroupPaths() != null) {
                record.cgroupPaths().values().stream().distinct().forEach(dir -> {
                    argv.add("--cgroup");
                    argv.add(dir);
                });
            }
            argv.add("--state-dir");
            argv.add(store.containerDir(id).toString());
        }
        System.out.flush();
        System.err.flush();
        String failure = Processes.exec(ctx.initBinary().toString(), argv.toArray(new String[0]), new String[0])
                .getMessage();
        throw new JruncException("start supervisor: " + failure);
    }
}
