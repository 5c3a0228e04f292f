package dev.jrunc.core.state;

import dev.jrunc.core.spec.ContainerStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Derives a container's status from the live system, never from a stored field: frozen
 * cgroup → paused; init gone, a zombie, or a different process with the same pid (start time
 * differs) → stopped; exec fifo present → created; otherwise running.
 */
public final class StatusProbe {
    private final StateStore store;

    public StatusProbe(StateStore store) {
        this.store = store;
    }

    public ContainerStatus status(ContainerRecord record) {
        if (!initAlive(record)) {
            return ContainerStatus.STOPPED;
        }
        if (isFrozen(record)) {
            return ContainerStatus.PAUSED;
        }
        return Files.exists(store.execFifo(record.id())) ? ContainerStatus.CREATED : ContainerStatus.RUNNING;
    }

    public static boolean initAlive(ContainerRecord record) {
        if (record.pid() <= 0) {
            return false;
        }
        Optional<ProcStat> stat = ProcStat.read(record.pid());
        return stat.isPresent() && !stat.get().isDead() && stat.get().startTime() == record.initStartTime();
    }

    private static boolean isFrozen(ContainerRecord record) {
        if (record.cgroupPaths() == null) {
            return false;
        }
        String freezer = record.cgroupPaths().get("freezer");
        if (freezer != null) {
            return readTrimmed(Path.of(freezer, "freezer.state")).map(s -> s.equals("FROZEN")).orElse(false);
        }
        String unified = record.cgroupPaths().get("unified");
        if (unified != null && record.cgroupPaths().size() == 1) {
            return readTrimmed(Path.of(unified, "cgroup.freeze")).map(s -> s.equals("1")).orElse(false);
        }
        return false;
    }

    private static Optional<String> readTrimmed(Path file) {
        try {
            return Optional.of(Files.readString(file).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
