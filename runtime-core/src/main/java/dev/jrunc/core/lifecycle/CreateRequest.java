package dev.jrunc.core.lifecycle;

import java.nio.file.Path;

/**
 * A create (or the create half of run), with every path already absolute.
 *
 * @param detached    false for foreground run: a terminal then belongs to jrunc's own tty
 * @param pidfdSocket where a pidfd of the container init is sent (runc's --pidfd-socket), or null
 * @param listenFds   socket activation: the caller's fds 3.. that systemd passed to us
 *                    ({@link SocketActivation}); they come first, the --preserve-fds ones after
 * @param notifySocket NOTIFY_SOCKET is set: the container gets a notify socket ({@link NotifySocket})
 */
public record CreateRequest(String id, Path bundle, Path pidFile, Path consoleSocket, boolean noPivot,
                            boolean noNewKeyring, int preserveFds, boolean detached, Path pidfdSocket,
                            int listenFds, boolean notifySocket) {
    public CreateRequest(String id, Path bundle, Path pidFile, Path consoleSocket, boolean noPivot,
                         boolean noNewKeyring, int preserveFds, boolean detached) {
        this(id, bundle, pidFile, consoleSocket, noPivot, noNewKeyring, preserveFds, detached, null, 0, false);
    }

    /** Every fd from 3 on that the container init gets. */
    public int extraFds() {
        return listenFds + preserveFds;
    }
}
