package dev.jrunc.core.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * systemd socket activation passed on to the container, as runc does: when LISTEN_PID names
 * the runtime's own process and LISTEN_FDS a count N, the fds 3..3+N-1 go to the container
 * init at the same numbers (before any --preserve-fds), whose environment gets LISTEN_FDS=N
 * and LISTEN_PID=1 appended. Otherwise the variables mean nothing to us and nothing is passed.
 */
public final class SocketActivation {
    private SocketActivation() {
    }

    /** How many fds were passed to the process {@code pid} by its activator; 0 when none or not to us. */
    public static int listenFds(Map<String, String> env, long pid) {
        String fds = env.get("LISTEN_FDS");
        String listenPid = env.get("LISTEN_PID");
        if (fds == null || listenPid == null) {
            return 0;
        }
        try {
            if (Long.parseLong(listenPid) != pid) {
                return 0;
            }
            int n = Integer.parseInt(fds);
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            // As go-systemd's activation.Files: an unparsable value means no activation.
            return 0;
        }
    }

    /** The container's environment with the activation variables appended (runc appends them too). */
    public static List<String> env(List<String> env, int listenFds) {
        List<String> out = new ArrayList<>(env == null ? List.of() : env);
        out.add("LISTEN_FDS=" + listenFds);
        out.add("LISTEN_PID=1");
        return out;
    }
}
