package dev.jrunc.core.lifecycle;

import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.ProcStat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The processes of a container that has no cgroup (rootless, no delegated cgroup) but a pid
 * namespace of its own: every process whose {@code /proc/PID/ns/pid} is the init's. runc
 * has nothing here ("ps" fails); the pid namespace is as exact a membership as the cgroup
 * would be, since nothing leaves a pid namespace.
 */
final class PidNamespaceMembers {
    private static final Path PROC = Path.of("/proc");

    private PidNamespaceMembers() {
    }

    /** Ascending; empty when the init is gone (or its pid now belongs to another process). */
    static List<Integer> of(ContainerRecord record) {
        int init = record.pid();
        if (init <= 0 || !sameProcess(init, record.initStartTime())) {
            return List.of();
        }
        SortedSet<Integer> pids = new TreeSet<>();
        // The init itself is listed even when it may not be inspected (still non-dumpable before start).
        pids.add(init);
        Optional<Path> ns = namespace(init);
        if (ns.isPresent()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    int pid = Integer.parseInt(name);
                    if (namespace(pid).equals(ns)) {
                        pids.add(pid);
                    }
                }
            } catch (IOException e) {
                // /proc unreadable: the init alone is what can be said.
            }
        }
        return List.copyOf(pids);
    }

    private static boolean sameProcess(int pid, long startTime) {
        return ProcStat.read(pid).map(s -> startTime <= 0 || s.startTime() == startTime).orElse(false);
    }

    /** "pid:[4026532...]" as a path, or empty when the process is gone or not ours to inspect. */
    private static Optional<Path> namespace(int pid) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Integer.toString(pid)).resolve("ns/pid")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
