package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.linux.Processes;

import java.util.ArrayList;
import java.util.List;

/**
 * Foreground {@code run}: once the container exists, this JVM replaces itself with the
 * supervise mode of jrunc-init (same pid, so the caller's wait and pid files stay right; no
 * JVM stays resident for the container's lifetime). The supervisor forwards signals, reaps,
 * cleans the container up unless --keep, and exits with the container's status.
 */
public final class ForegroundRunner {
    private final RuntimeContext ctx;

    public ForegroundRunner(RuntimeContext ctx) {
        this.ctx = ctx;
    }

    /** Before the container exists: become the reaper of orphans it leaves, as runc does. */
    public void prepare(boolean subreaper) {
        if (subreaper) {
            Processes.setChildSubreaper();
        }
    }

    public void startAndSupervise(String id, boolean keep) {
        ContainerRecord record = new ContainerStarter(ctx).start(id);
        List<String> argv = new ArrayList<>(List.of("jrunc-init", "supervise", "--pid", Integer.toString(record.pid())));
        if (!keep) {
            if (record.cgroupPaths() != null) {
                record.cgroupPaths().values().stream().distinct().forEach(dir -> {
                    argv.add("--cgroup");
                    argv.add(dir);
                });
            }
            argv.add("--state-dir");
            argv.add(ctx.store().containerDir(id).toString());
        }
        System.out.flush();
        System.err.flush();
        throw new JruncException("start supervisor: "
                + Processes.exec(ctx.initBinary().toString(), argv.toArray(new String[0]), new String[0]).getMessage());
    }
}
