package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.linux.LinuxConstants;
import dev.jrunc.linux.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The create/start handshake (docs/init-protocol.md): the waiting init holds the fifo open
 * for reading; start writes one byte without blocking and removes the fifo.
 */
final class ExecFifo {
    private ExecFifo() {
    }

    static void release(Path fifo) {
        int fd = Native.libc().open(fifo.toString(),
                LinuxConstants.O_WRONLY | LinuxConstants.O_NONBLOCK | LinuxConstants.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Native.errno();
            if (errno == LinuxConstants.ENXIO) {
                throw new JruncException("exec fifo is empty: container init did not signal execve readiness");
            }
            throw new JruncException("open exec fifo " + fifo + ": " + Native.strerror(errno));
        }
        try {
            if (Native.libc().write(fd, new byte[] {'0'}, 1) != 1) {
                throw new JruncException("write exec fifo: " + Native.strerror(Native.errno()));
            }
        } finally {
            Native.libc().close(fd);
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new JruncException("remove exec fifo: " + e.getMessage(), e);
        }
    }
}
