package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.linux.Native;

import java.nio.file.Path;

/** mkfifo through libc: the JDK has no way to make one. */
final class Fifos {
    private Fifos() {
    }

    static void make(Path path) {
        if (Native.libc().mkfifo(path.toString(), 0600) != 0) {
            throw new JruncException("jrunc create failed: " + Native.failure("mkfifo " + path).getMessage());
        }
    }
}
