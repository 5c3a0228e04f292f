package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

import java.util.ArrayList;
import java.util.List;

/** {@code kill}: signals the init, or every process of the container where runc does. */
public final class ContainerKiller {
    private final StateStore store;
    private final Handoff handoff;

    public ContainerKiller(RuntimeContext ctx) {
        this(ctx, null);
    }

    /** @param handoff when not null, jrunc-init sends the signals after this JVM exits (no FFI here) */
    public ContainerKiller(RuntimeContext ctx, Handoff handoff) {
        this.store = ctx.store();
        this.handoff = handoff;
    }

    /**
     * @param all runc ≤ 1.1 semantics: signal every process of the cgroup. Either way a
     *            stopped container is then not an error (containerd sends "kill --all ID 9"
     *            after every init exit of a shared-pid-namespace container).
     */
    public void kill(String id, int signal, boolean all) {
        ContainerRecord record = store.require(id);
        if (all && signal == Signals.SIGKILL) {
            // Atomic where the kernel offers it; the pid list below still covers v1-only hosts
            // and any process that sits outside the cgroup2 side. Only for --all: killing the
            // init here would turn a plain kill into "container not running".
            CgroupProcesses.killViaCgroupKill(record);
        }
        if (handoff != null) {
            handOff(record, signal, all);
            return;
        }
        boolean alive = StatusProbe.initAlive(record);
        if (all || (signal == Signals.SIGKILL && record.sharedPidNamespace())) {
            // Without a pid namespace of its own, processes may outlive the init.
            CgroupProcesses.signalAll(record, signal);
        }
        if (!alive) {
            if (all) {
                return;
            }
            throw new JruncException("container not running");
        }
        if (!Processes.signal(record.pid(), signal) && !all) {
            throw new JruncException("container not running");
        }
    }

    /** The same decisions as above; jrunc-init checks the init's identity itself (pidfd + start time). */
    private void handOff(ContainerRecord record, int signal, boolean all) {
        List<String> args = new ArrayList<>(List.of("--signal", Integer.toString(signal), "--signal-name", Signals.name(signal)));
        if (all || (signal == Signals.SIGKILL && record.sharedPidNamespace())) {
            for (int pid : CgroupProcesses.pids(record)) {
                args.add("--pid");
                args.add(Integer.toString(pid));
            }
        }
        args.add("--init");
        args.add(Math.max(record.pid(), 0) + ":" + Math.max(record.initStartTime(), 0));
        if (all) {
            args.add("--all");
        }
        handoff.exec("kill", args);
    }
}
