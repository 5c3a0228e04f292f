package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.CreateRequest;
import dev.jrunc.core.lifecycle.Handoff;
import dev.jrunc.core.lifecycle.NotifySocket;
import dev.jrunc.core.lifecycle.SocketActivation;

import java.nio.file.Path;

/** Turns parsed options into the core's requests; relative paths are taken from the caller's cwd. */
final class Requests {
    private Requests() {
    }

    static CreateRequest create(String id, CreateOptions o, boolean detached) {
        Path bundle = Path.of(o.bundle() == null || o.bundle().isEmpty() ? "." : o.bundle()).toAbsolutePath().normalize();
        return new CreateRequest(id, bundle,
                o.pidFile() == null ? null : Path.of(o.pidFile()).toAbsolutePath(),
                o.consoleSocket() == null ? null : bundle.resolve(o.consoleSocket()),
                o.noPivot(), o.noNewKeyring(), o.preserveFds(), detached,
                // As runc, which has changed into the bundle when it dials the socket.
                o.pidfdSocket() == null ? null : bundle.resolve(o.pidfdSocket()), listenFds(),
                // As runc: an empty value is no socket.
                System.getenv(NotifySocket.ENV) != null && !System.getenv(NotifySocket.ENV).isEmpty());
    }

    /**
     * LISTEN_PID names the pid the caller started: bin/jrunc's, whose child this JVM is (jrunc-init
     * later runs in that pid), or this JVM's own when run without the launcher.
     */
    private static int listenFds() {
        if (System.getenv("LISTEN_FDS") == null) {
            return 0;
        }
        ProcessHandle self = ProcessHandle.current();
        long pid = System.getenv(Handoff.FD_ENV) == null ? self.pid()
                : self.parent().map(ProcessHandle::pid).orElse(self.pid());
        return SocketActivation.listenFds(System.getenv(), pid);
    }
}
