package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.cgroup.CgroupException;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.linux.Processes;
import dev.jrunc.linux.Signals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The container's processes as its cgroup lists them: signalling all, and removing the cgroup. */
final class CgroupProcesses {
    private static final int KILL_ROUNDS = 100;

    private CgroupProcesses() {
    }

    static void signalAll(ContainerRecord record, int signal) {
        for (int pid : pids(record)) {
            Processes.signal(pid, signal);
        }
    }

    /**
     * cgroup v2's cgroup.kill (kernel 5.14+): SIGKILL to the whole subtree at once, including
     * processes forked while a pid-by-pid loop would run. On a hybrid host the container's
     * cgroup2 directory has it too. False when there is no such file.
     */
    static boolean killViaCgroupKill(ContainerRecord record) {
        Map<String, String> paths = record.cgroupPaths();
        if (paths == null || !paths.containsKey(CgroupManager.UNIFIED)) {
            return false;
        }
        Path kill = Path.of(paths.get(CgroupManager.UNIFIED), "cgroup.kill");
        if (!Files.exists(kill)) {
            return false;
        }
        try {
            Files.writeString(kill, "1");
            return true;
        } catch (IOException e) {
            // The cgroup vanished meanwhile, or the kernel refused: the pid loop still runs.
            return false;
        }
    }

    /** A frozen cgroup would keep SIGKILL from taking effect. */
    static void thaw(ContainerRecord record) {
        Map<String, String> paths = record.cgroupPaths();
        if (paths == null) {
            return;
        }
        try {
            if (paths.containsKey("freezer")) {
                Path state = Path.of(paths.get("freezer"), "freezer.state");
                if (Files.exists(state) && Files.readString(state).trim().equals("FROZEN")) {
                    Files.writeString(state, "THAWED");
                }
            } else if (paths.containsKey(CgroupManager.UNIFIED)) {
                Path freeze = Path.of(paths.get(CgroupManager.UNIFIED), "cgroup.freeze");
                if (Files.exists(freeze)) {
                    Files.writeString(freeze, "0");
                }
            }
        } catch (IOException e) {
            throw new JruncException("thaw container " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /** The container's distinct cgroup directories (co-mounted v1 controllers share one). */
    static List<String> dirs(ContainerRecord record) {
        if (record.cgroupPaths() == null) {
            return List.of();
        }
        return record.cgroupPaths().values().stream().distinct().toList();
    }

    /** SIGKILLs whatever is left in the cgroup until it is empty, then removes it. */
    static void killAllAndRemove(ContainerRecord record) {
        if (record.cgroupPaths() == null || record.cgroupPaths().isEmpty()) {
            return;
        }
        try {
            CgroupManager cgroup = CgroupManager.fromPaths(record.cgroupPaths());
            thaw(record);
            for (int round = 0; round < KILL_ROUNDS; round++) {
                List<Integer> pids = cgroup.pids();
                if (pids.isEmpty()) {
                    break;
                }
                pids.forEach(pid -> Processes.signal(pid, Signals.SIGKILL));
                Thread.sleep(10);
            }
            cgroup.destroy();
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("interrupted while removing the cgroup of " + record.id());
        }
    }

    static List<Integer> pids(ContainerRecord record) {
        if (record.cgroupPaths() != null && record.cgroupPaths().isEmpty() && record.rootless()
                && !record.sharedPidNamespace()) {
            // A rootless container without a cgroup (NoCgroup): its pid namespace says who is in.
            return PidNamespaceMembers.of(record);
        }
        if (record.cgroupPaths() == null || record.cgroupPaths().isEmpty()) {
            return List.of();
        }
        try {
            return CgroupManager.fromPaths(record.cgroupPaths()).pids();
        } catch (CgroupException e) {
            throw new JruncException(e.getMessage(), e);
        }
    }
}
