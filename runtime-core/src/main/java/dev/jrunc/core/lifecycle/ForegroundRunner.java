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
    private final Handoff handoff;
    private boolean subreaper;

    public ForegroundRunner(RuntimeContext ctx) {
        this(ctx, null);
    }

    /**
     * @param handoff when not null, the supervisor runs in bin/jrunc's pid after this JVM
     *                exits (bin/jrunc is a subreaper while the JVM runs, so the init, our
     *                orphan then, is its child); no FFI here
     */
    public ForegroundRunner(RuntimeContext ctx, Handoff handoff) {
        this.ctx = ctx;
        this.store = ctx.store();
        this.handoff = handoff;
    }

    /** Before the container exists: become the reaper of orphans it leaves, as runc does. */
    public void prepare(boolean subreaper) {
        this.subreaper = subreaper;
        if (subreaper && handoff == null) {
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
        List<String> argv = new ArrayList<>(List.of("--pid", Integer.toString(record.pid()),
                "--release-fifo", store.execFifo(id).toString()));
        if (subreaper) {
            // The supervisor sets the attribute either way (on or off), so say which.
            argv.add("--subreaper");
        }
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
        if (handoff != null) {
            handoff.exec("supervise", argv);
            try {
                // From here the supervisor owns the container, also when this JVM is signalled.
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Already exiting: the hook runs; the supervisor then finds the init gone.
            }
            return;
        }
        argv.addAll(0, List.of("jrunc-init", "supervise"));
        String failure = Processes.exec(ctx.initBinary().toString(), argv.toArray(new String[0]), new String[0])
                .getMessage();
        // The JVM leaves through Runtime.halt (Main), which runs no hooks: clean up here.
        Runtime.getRuntime().removeShutdownHook(cleanup);
        cleanup.run();
        throw new JruncException("start supervisor: " + failure);
    }
}
