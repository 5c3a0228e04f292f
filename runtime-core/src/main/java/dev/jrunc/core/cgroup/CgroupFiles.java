package dev.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes single cgroupfs control files with runc-style one-line errors. */
final class CgroupFiles {
    private CgroupFiles() {}

    /**
     * Writes {@code value} with one write(2). cgroupfs parses each write call as a whole
     * value, so the value must not be split; the file is never created, because a missing
     * control file means the controller is absent and must be reported, not papered over.
     */
    static void write(Path dir, String file, String value) throws CgroupException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(file),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            int written = ch.write(buf);
            if (written != bytes.length) {
                throw new CgroupException("failed to write " + value + " to " + file
                        + ": short write (" + written + " of " + bytes.length + " bytes)");
            }
        } catch (IOException e) {
            throw new CgroupException("failed to write " + value + " to " + file + ": "
                    + IoErrors.reason(e), e);
        }
    }

    /**
     * {@link #write(Path, String, String)} for one config field: the error names the field
     * first, then the file and the kernel's reason, on one line.
     */
    static void write(Path dir, String file, String value, String field) throws CgroupException {
        try {
            write(dir, file, value);
        } catch (CgroupException e) {
            throw new CgroupException(field + ": " + e.getMessage(), e);
        }
    }

    /** Reads a control file, trimmed of the trailing newline the kernel appends. */
    static String read(Path dir, String file) throws CgroupException {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CgroupException("failed to read " + file + " in " + dir + ": "
                    + IoErrors.reason(e), e);
        }
    }

    /** Like {@link #read} but null when the file (or its directory) does not exist. */
    static String readIfPresent(Path dir, String file) throws CgroupException {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CgroupException("failed to read " + file + " in " + dir + ": "
                    + IoErrors.reason(e), e);
        }
    }

    static boolean exists(Path dir, String file) {
        return Files.exists(dir.resolve(file));
    }

    /** The pids listed in {@code dir/cgroup.procs}; empty when the cgroup vanished meanwhile. */
    static List<Integer> procs(Path dir) throws CgroupException {
        String text = readIfPresent(dir, "cgroup.procs");
        List<Integer> pids = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pids;
        }
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (!s.isEmpty()) {
                try {
                    pids.add(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    throw new CgroupException("unexpected line in " + dir.resolve("cgroup.procs") + ": " + s);
                }
            }
        }
        return pids;
    }

    /**
     * Writes a pid into {@code dir/cgroup.procs}. A task still in TASK_NEW makes the kernel
     * answer EINVAL for a moment, so runc retries five times 30 ms apart; we retry any
     * failure the same way (a dead pid just costs the 120 ms before the error).
     */
    static void addPid(Path dir, int pid) throws CgroupException {
        for (int attempt = 1; ; attempt++) {
            try {
                write(dir, "cgroup.procs", Integer.toString(pid));
                return;
            } catch (CgroupException e) {
                if (attempt >= 5) {
                    throw new CgroupException(e.getMessage() + " (in " + dir + ")", e);
                }
            }
            CgroupDirs.sleep(30);
        }
    }
}
