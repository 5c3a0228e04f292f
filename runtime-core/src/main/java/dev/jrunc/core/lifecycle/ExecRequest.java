package dev.jrunc.core.lifecycle;

import java.nio.file.Path;
import java.util.List;

/**
 * An exec, with every path already absolute. The process-shaping fields apply only without
 * {@code processFile} (runc ignores them when {@code --process} is given).
 *
 * @param args           the command after the container id (empty with a process file)
 * @param user           {@code --user} as typed, {@code uid[:gid]}, or null
 * @param noNewPrivs     {@code --no-new-privs}, or null when not given (the config's then)
 * @param cgroup         {@code --cgroup} values as typed, {@code [ctrl[,ctrl]:]path}
 */
public record ExecRequest(String id, Path processFile, List<String> args, String cwd, List<String> env,
                          boolean tty, String user, List<Long> additionalGids, String processLabel,
                          String apparmor, Boolean noNewPrivs, List<String> caps, int preserveFds,
                          List<String> cgroup, boolean ignorePaused, boolean detach, Path pidFile,
                          Path consoleSocket, Path pidfdSocket) {

    public ExecRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        caps = List.copyOf(caps);
        cgroup = List.copyOf(cgroup);
    }
}
