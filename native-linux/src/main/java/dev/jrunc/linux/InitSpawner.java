package dev.jrunc.linux;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts {@code jrunc-init} with posix_spawn and explicit fd actions: the JVM's own process
 * API would close the caller's fds that must reach the container.
 */
public final class InitSpawner {
    /** A spawned init: its pid, and the Java end of the socketpair. */
    public record Spawned(int pid, InitChannel channel) {
    }

    private final LibC libc = Native.libc();

    /**
     * @param initBinary    path of jrunc-init
     * @param preservedFds  how many fds from 3 upwards the caller passes into the container
     * @param environment   the environment of jrunc-init (it gives the container its own)
     */
    public Spawned spawn(Path initBinary, int preservedFds, List<String> environment) {
        int[] pair = new int[2];
        if (libc.socketpair(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_SEQPACKET | LinuxConstants.SOCK_CLOEXEC,
                0, pair) != 0) {
            throw Native.failure("socketpair");
        }
        Pointer actions = Memory.allocateDirect(Native.runtime(), 256);
        libc.posix_spawn_file_actions_init(actions);
        try {
            // Caller fds 3..2+N move up by one so that fd 3 can carry the socket; descending
            // order so that no fd is overwritten before it was copied.
            for (int i = preservedFds - 1; i >= 0; i--) {
                check(libc.posix_spawn_file_actions_adddup2(actions, 3 + i, 4 + i), "preserve fd " + (3 + i));
            }
            check(libc.posix_spawn_file_actions_adddup2(actions, pair[1], 3), "dup2 socket");
            String[] argv = {"jrunc-init", "init", Integer.toString(preservedFds)};
            int[] pid = new int[1];
            int rc = libc.posix_spawn(pid, initBinary.toString(), actions, null, argv,
                    environment.toArray(new String[0]));
            if (rc != 0) {
                throw new NativeException("spawn " + initBinary, rc, Native.strerror(rc));
            }
            return new Spawned(pid[0], new InitChannel(pair[0]));
        } catch (RuntimeException e) {
            libc.close(pair[0]);
            throw e;
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.close(pair[1]);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new NativeException(what, rc, Native.strerror(rc));
        }
    }
}
