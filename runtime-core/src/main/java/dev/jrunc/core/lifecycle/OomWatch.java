package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.linux.LibC;
import dev.jrunc.linux.LinuxConstants;
import dev.jrunc.linux.Native;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Waits for the container's OOM events, as the cgroup version delivers them. */
interface OomWatch extends AutoCloseable {
    /** True if an OOM happened since the last call; waits at most {@code millis} for one. */
    boolean await(long millis) throws InterruptedException;

    @Override
    default void close() {
    }

    static OomWatch of(Map<String, String> paths) {
        if (paths.containsKey("memory")) {
            return new EventFd(Path.of(paths.get("memory")));
        }
        if (paths.containsKey(CgroupManager.UNIFIED)) {
            return new MemoryEvents(Path.of(paths.get(CgroupManager.UNIFIED), "memory.events"));
        }
        return millis -> {
            Thread.sleep(millis);
            return false;
        };
    }

    /**
     * cgroup v1: an eventfd registered in cgroup.event_control against memory.oom_control;
     * the kernel bumps it on every OOM in the cgroup.
     */
    final class EventFd implements OomWatch {
        private static final int EFD_CLOEXEC = 0x80000;
        private final LibC libc = Native.libc();
        private final int efd;
        private final int oomControl;

        EventFd(Path memoryDir) {
            efd = libc.eventfd(0, EFD_CLOEXEC);
            if (efd < 0) {
                throw new JruncException(Native.failure("eventfd").getMessage());
            }
            Path control = memoryDir.resolve("memory.oom_control");
            oomControl = libc.open(control.toString(), LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
            if (oomControl < 0) {
                libc.close(efd);
                throw new JruncException(Native.failure("open " + control).getMessage());
            }
            try {
                Files.writeString(memoryDir.resolve("cgroup.event_control"), efd + " " + oomControl);
            } catch (IOException e) {
                close();
                throw new JruncException("register OOM notification in " + memoryDir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean await(long millis) {
            byte[] pollfd = new byte[8];
            ByteBuffer.wrap(pollfd).order(ByteOrder.LITTLE_ENDIAN).putInt(efd).putShort(LinuxConstants.POLLIN);
            int r = libc.poll(pollfd, 1, (int) Math.max(0, millis));
            if (r <= 0) {
                return false;
            }
            byte[] counter = new byte[8];
            return libc.read(efd, counter, 8) == 8;
        }

        @Override
        public void close() {
            libc.close(oomControl);
            libc.close(efd);
        }
    }

    /** cgroup v2: the "oom_kill" count of memory.events, checked every poll step. */
    final class MemoryEvents implements OomWatch {
        private final Path file;
        private long seen;

        MemoryEvents(Path file) {
            this.file = file;
            this.seen = count();
        }

        private long count() {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("oom_kill ")) {
                        return Long.parseLong(line.substring(9).strip());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return seen;
            }
            return seen;
        }

        @Override
        public boolean await(long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            do {
                long now = count();
                if (now > seen) {
                    seen = now;
                    return true;
                }
                Thread.sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
            } while (System.currentTimeMillis() < deadline);
            return false;
        }
    }
}
