package dev.jrunc.core.lifecycle;

import dev.jrunc.core.spec.Mount;
import dev.jrunc.core.spec.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's side of the NOTIFY_SOCKET proxy, as runc's notify_socket.go: a container
 * created while NOTIFY_SOCKET is set gets {@code <state dir>/notify} bind-mounted read-only at
 * {@code /run/notify} and {@code NOTIFY_SOCKET=/run/notify/notify.sock} appended to its
 * environment. {@code start} (or {@code run}) binds the socket there and passes READY= on
 * (jrunc-init, notify.c).
 */
public final class NotifySocket {
    public static final String ENV = "NOTIFY_SOCKET";
    /** Below the container's state directory; bind-mounted as a whole, since start re-binds the socket. */
    public static final String DIR = "notify";
    static final String MOUNT_POINT = "/run/notify";
    static final String IN_CONTAINER = MOUNT_POINT + "/notify.sock";

    private NotifySocket() {
    }

    /** The config with the socket's directory mounted and the variable set. */
    public static Spec withSocket(Spec spec, Path stateDir) {
        List<Mount> mounts = new ArrayList<>(spec.mounts() == null ? List.of() : spec.mounts());
        mounts.add(new Mount(MOUNT_POINT, "bind", stateDir.resolve(DIR).toString(),
                List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null));
        List<String> env = new ArrayList<>(spec.process().env() == null ? List.of() : spec.process().env());
        env.add(ENV + "=" + IN_CONTAINER);
        return spec.withMounts(mounts).withProcess(spec.process().withEnv(env));
    }
}
