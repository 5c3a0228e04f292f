package dev.jrunc.linux;

/** A failed system call: what was attempted, the errno, and the kernel's text for it. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NativeException(String what, int errno, String text) {
        super(what + ": " + text);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
