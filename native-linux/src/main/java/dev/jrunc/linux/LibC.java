package dev.jrunc.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc functions the Java side calls. Everything that must happen inside the
 * container is done by {@code jrunc-init}; these only spawn it, talk to it and signal it.
 */
public interface LibC {
    @SaveError int socketpair(int domain, int type, int protocol, @Out int[] fds);

    @SaveError long send(int fd, @In byte[] buf, long len, int flags);

    @SaveError long recv(int fd, @Out byte[] buf, long len, int flags);

    /** {@code fds} is an array of {@code struct pollfd} (8 bytes each). */
    @SaveError int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    @SaveError int close(int fd);

    @SaveError int kill(int pid, int signal);

    @SaveError int waitpid(int pid, @Out int[] status, int options);

    @SaveError int open(String path, int flags, int mode);

    @SaveError int mkfifo(String path, int mode);

    @SaveError long write(int fd, @In byte[] buf, long len);

    /** For cgroup v1 memory.oom_control notifications ({@code events}). */
    @SaveError int eventfd(int initval, int flags);

    @SaveError long read(int fd, @Out byte[] buf, long len);

    /** Only for bpf(2), which glibc does not wrap. */
    @SaveError long syscall(long number, long cmd, Pointer attr, long size);

    @SaveError int fcntl(int fd, int cmd, int arg);

    @SaveError int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    @SaveError int execve(String path, @In String[] argv, @In String[] envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn(@Out int[] pid, String path, Pointer actions, Pointer attr, @In String[] argv,
                    @In String[] envp);

    String strerror(int errnum);
}
