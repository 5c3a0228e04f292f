package dev.jrunc.core;

/**
 * A failure the user must see: one line, already phrased as runc phrases it where clients
 * match on the text ("container does not exist", "container not running", ...).
 */
public class JruncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JruncException(String message) {
        super(message);
    }

    public JruncException(String message, Throwable cause) {
        super(message, cause);
    }
}
