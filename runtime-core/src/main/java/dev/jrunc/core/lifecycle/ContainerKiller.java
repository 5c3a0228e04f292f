package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

/** {@code kill}: signals the init, or every process of the container where runc does. */
public final class ContainerKiller {
    private final StateStore store;

    public ContainerKiller(RuntimeContext ctx) {
        this.store = ctx.store();
    }

    /**
     * @param all runc ≤ 1.1 semantics: signal every process of the cgroup. Either way a
     *            stopped container is then not an error (containerd sends "kill --all ID 9"
     *            after every init exit of a shared-pid-namespace container).
     */
    public void kill(String id, int signal, boolean all) {
        ContainerRecord record = store.require(id);
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
}
