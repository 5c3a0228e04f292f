package dev.jrunc.cli;

import dev.jrunc.core.JruncException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where state lives when {@code --root} is not given, by runc's rules (main.go and
 * rootless_linux.go shouldHonorXDGRuntimeDir): {@code $XDG_RUNTIME_DIR/jrunc} when that
 * variable is set and the caller is not root, or is uid 0 inside a user namespace with
 * {@code $USER} unset or other than "root" (rootless podman runs the runtime that way);
 * {@code /run/jrunc} otherwise.
 *
 * @param env         the environment
 * @param euid        the caller's effective uid
 * @param inUserNs    whether this process runs in a user namespace other than the host's
 *                    (asked only for uid 0 with XDG_RUNTIME_DIR set and USER not "root")
 */
record StateRootDefault(Map<String, String> env, LongSupplier euid, Supplier<Boolean> inUserNs) {
    static final String SYSTEM_ROOT = "/run/jrunc";

    static StateRootDefault ofProcess() {
        return new StateRootDefault(System.getenv(), () -> dev.jrunc.core.Credentials.effectiveUid(),
                UserNamespace::current);
    }

    /** The XDG directory when runc's rules honour it, else null. */
    Path xdgRoot() {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg == null || xdg.isEmpty()) {
            return null;
        }
        if (euid.getAsLong() != 0) {
            return Path.of(xdg, "jrunc");
        }
        String user = env.get("USER");
        if ((user == null || !user.equals("root")) && inUserNs.get()) {
            return Path.of(xdg, "jrunc");
        }
        return null;
    }

    /**
     * The default root. The XDG directory is made 0700 with the sticky bit on every call, as
     * runc does: the sticky bit keeps session cleaners (XDG base directory spec) from
     * removing it, and no other user may look into a rootless user's containers.
     */
    Path resolve() {
        Path xdg = xdgRoot();
        if (xdg == null) {
            return Path.of(SYSTEM_ROOT);
        }
        try {
            Files.createDirectories(xdg);
            Files.setAttribute(xdg, "unix:mode", 01700);
        } catch (IOException | UnsupportedOperationException e) {
            throw new JruncException("create state root " + xdg + ": " + e.getMessage(), e);
        }
        return xdg;
    }
}
