package dev.jrunc.linux.seccomp;

/** libseccomp could not be loaded on this host. */
public final class SeccompUnavailableException extends RuntimeException {
    public SeccompUnavailableException(String message) {
        super(message);
    }
}
