package dev.jrunc.linux;

/** Values of the x86_64/aarch64 Linux ABI that the Java side passes to libc. */
public final class LinuxConstants {
    private LinuxConstants() {
    }

    public static final int AF_UNIX = 1;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 0x80000;

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int FD_CLOEXEC = 1;

    public static final short POLLIN = 0x1;
    public static final short POLLHUP = 0x10;

    public static final int WNOHANG = 1;

    public static final int PR_SET_CHILD_SUBREAPER = 36;

    public static final int EINTR = 4;
    public static final int ESRCH = 3;
    public static final int ENXIO = 6;
    public static final int EAGAIN = 11;
    public static final int ECHILD = 10;
}
