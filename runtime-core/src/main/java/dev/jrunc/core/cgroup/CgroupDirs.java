package dev.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Directory-level cgroupfs operations: create with bookkeeping, walk, remove. */
final class CgroupDirs {
    /** runc retries rmdir on EBUSY ten times from 1 ms, doubling: about one second in all. */
    private static final int RMDIR_TRIES = 10;

    private CgroupDirs() {}

    /**
     * mkdir -p that records, top-down, each directory it actually made, so that destroy()
     * can remove exactly those and never a parent that someone else owns.
     */
    static void mkdirs(Path leaf, List<Path> created) throws CgroupException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = leaf; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path dir = missing.pop();
            try {
                Files.createDirectory(dir);
                created.add(dir);
            } catch (FileAlreadyExistsException e) {
                // Another runtime made it in between: fine, but it is not ours to remove.
                if (!Files.isDirectory(dir)) {
                    throw new CgroupException("failed to create cgroup " + dir + ": not a directory");
                }
            } catch (IOException e) {
                throw new CgroupException("failed to create cgroup " + dir + ": " + IoErrors.reason(e), e);
            }
        }
    }

    /** Every pid in {@code dir} and its sub-cgroups (exec --cgroup may have made some). */
    static SortedSet<Integer> pidsRecursive(Path dir) throws CgroupException {
        SortedSet<Integer> pids = new TreeSet<>();
        collectPids(dir, pids);
        return pids;
    }

    private static void collectPids(Path dir, SortedSet<Integer> into) throws CgroupException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        into.addAll(CgroupFiles.procs(dir));
        for (Path child : subdirs(dir)) {
            collectPids(child, into);
        }
    }

    private static List<Path> subdirs(Path dir) throws CgroupException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (NoSuchFileException e) {
            // Removed concurrently; nothing below it any more.
            return List.of();
        } catch (IOException e) {
            throw new CgroupException("failed to list cgroup " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    static void requireNoProcesses(Collection<Integer> pids) throws CgroupException {
        if (!pids.isEmpty()) {
            // Same wording as runc (libcontainer/factory_linux.go); clients match on it.
            throw new CgroupException("container's cgroup is not empty: " + pids.size() + " process(es) found");
        }
    }

    /** Removes {@code dir} and its sub-cgroups, deepest first. A missing dir is success. */
    static void removeTree(Path dir) throws CgroupException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (Path child : subdirs(dir)) {
            removeTree(child);
        }
        rmdirRetrying(dir);
    }

    /**
     * Removes the given dirs deepest first, each only if it has become empty: these are
     * parents we created, which another container may have started using since.
     */
    static void removeCreatedParents(Collection<Path> dirs) {
        List<Path> deepestFirst = new ArrayList<>(dirs);
        deepestFirst.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path dir : deepestFirst) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // Busy or not empty: shared with someone else now, so leave it.
            }
        }
    }

    private static void rmdirRetrying(Path dir) throws CgroupException {
        long delayMillis = 1;
        for (int attempt = 1; ; attempt++) {
            try {
                // On a directory Files.delete is rmdir(2); cgroupfs allows it although
                // the control files are listed, as long as no tasks or children remain.
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                // EBUSY (tasks still exiting) surfaces as a plain FileSystemException;
                // the subclasses (ENOENT, EACCES, ENOTEMPTY...) will not heal by waiting.
                boolean transientFailure = e.getClass() == FileSystemException.class;
                if (!transientFailure || attempt >= RMDIR_TRIES) {
                    throw new CgroupException("failed to remove cgroup " + dir + ": " + IoErrors.reason(e), e);
                }
            }
            sleep(delayMillis);
            delayMillis *= 2;
        }
    }

    static void sleep(long millis) throws CgroupException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for the cgroup", e);
        }
    }
}
