package dev.jrunc.core.state;

import dev.jrunc.core.ContainerId;
import dev.jrunc.core.JruncException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory tree under {@code --root}: one directory per container holding state.json,
 * the exec fifo and a lock file.
 *
 * <p>A create handed off to jrunc-init (ContainerCreator) writes the record as
 * {@value #PENDING_STATE_FILE}, with no init yet: jrunc-init writes the init's identity to
 * {@value #INIT_FILE} ("PID STARTTIME", renamed into place) and only then renames the
 * pending record to state.json. A directory without state.json is a create in progress (or
 * one that failed and is being removed): the container does not exist yet.
 */
public final class StateStore {
    public static final String STATE_FILE = "state.json";
    public static final String EXEC_FIFO = "exec.fifo";
    public static final String PENDING_STATE_FILE = "state.json.pending";
    public static final String INIT_FILE = "init";
    /** The plan a handed-off create leaves for jrunc-init (which removes it once read). */
    public static final String PLAN_FILE = "plan";
    /** The runtime's hooks (prestart, createRuntime, poststart, poststop) as plan ops; absent without any. */
    public static final String HOOKS_FILE = "hooks";
    private static final String LOCK_FILE = ".lock";

    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path containerDir(String id) {
        return root.resolve(ContainerId.validate(id));
    }

    public Path execFifo(String id) {
        return containerDir(id).resolve(EXEC_FIFO);
    }

    /** Makes the container's directory; fails if the id is taken. */
    public Path createContainerDir(String id) {
        Path dir = containerDir(id);
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw new JruncException("container with given ID already exists");
        } catch (IOException e) {
            throw new JruncException("create state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Optional<ContainerRecord> load(String id) {
        Path file = containerDir(id).resolve(STATE_FILE);
        try {
            ContainerRecord record = ContainerRecordJson.read(Files.readAllBytes(file));
            return Optional.of(record.pid() == 0 ? withInit(record, containerDir(id).resolve(INIT_FILE)) : record);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JruncException("load container " + id + ": " + e.getMessage(), e);
        }
    }

    /** A record published by jrunc-init gets its init from the init file written before it. */
    private static ContainerRecord withInit(ContainerRecord r, Path initFile) throws IOException {
        String text;
        try {
            text = Files.readString(initFile).trim();
        } catch (NoSuchFileException e) {
            return r;
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException(text);
            }
            return new ContainerRecord(r.ociVersion(), r.id(), Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
                    r.bundle(), r.rootfs(), r.created(), r.annotations(), r.cgroupPaths(), r.sharedPidNamespace(),
                    r.rootless());
        } catch (NumberFormatException e) {
            throw new IOException(initFile + ": malformed init record", e);
        }
    }

    public ContainerRecord require(String id) {
        return load(id).orElseThrow(() -> new JruncException("container does not exist"));
    }

    /**
     * Writes state.json atomically: temp file, rename. No fsync: readers need all-or-nothing,
     * which the rename gives; durability across a host crash is worthless here, since no
     * container survives one (and the root normally lives on /run, a tmpfs).
     */
    public void save(ContainerRecord record) {
        write(record, STATE_FILE);
    }

    /** The record of a create handed off to jrunc-init, which publishes it (see the class comment). */
    public void savePending(ContainerRecord record) {
        write(record, PENDING_STATE_FILE);
    }

    private void write(ContainerRecord record, String name) {
        Path dir = containerDir(record.id());
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            byte[] bytes = ContainerRecordJson.write(record);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new JruncException("state directory " + dir + " does not support atomic rename", e);
            }
        } catch (IOException e) {
            throw new JruncException("write state of " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /** Takes the container's lock for the life of the returned handle. */
    public Lock lock(String id) {
        Path file = containerDir(id).resolve(LOCK_FILE);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Lock(ch, ch.lock());
        } catch (NoSuchFileException e) {
            throw new JruncException("container does not exist");
        } catch (IOException e) {
            throw new JruncException("lock container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Removes the container's directory and everything in it. */
    public void remove(String id) {
        Path dir = containerDir(id);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("remove " + dir, e);
        }
    }

    public boolean exists(String id) {
        return Files.isDirectory(containerDir(id));
    }

    /**
     * Ids of every directory under the root (sorted); none when the root does not exist.
     * Names no container may have are jrunc's own (the seccomp cache) and are left out.
     */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ContainerId.isValid(name)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new JruncException("read " + root + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; nothing else can be done if the close fails.
            }
        }
    }
}
