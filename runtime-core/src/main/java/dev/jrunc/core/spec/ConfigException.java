package dev.jrunc.core.spec;

import dev.jrunc.core.JruncException;

/**
 * A {@code config.json} that cannot be used: unreadable, not JSON, wrong types, or invalid per
 * the runtime-spec. {@link #field()} is a JSON path such as {@code mounts[3].destination}
 * (empty for problems with the document as a whole) and {@link #reason()} says what is wrong;
 * {@link #getMessage()} is a single line suitable for runc-style error output.
 */
public final class ConfigException extends JruncException {

    private final String field;
    private final String reason;
    private final int line;
    private final int column;

    public ConfigException(String field, String reason) {
        this(field, reason, -1, -1, null);
    }

    public ConfigException(String field, String reason, Throwable cause) {
        this(field, reason, -1, -1, cause);
    }

    ConfigException(String field, String reason, int line, int column, Throwable cause) {
        super(compose(field, reason), cause);
        this.field = field == null ? "" : field;
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    private static String compose(String field, String reason) {
        String text = field == null || field.isEmpty() ? reason : field + ": " + reason;
        // Callers print the message as one log line; never let embedded newlines through.
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** JSON path of the offending value; empty when the whole document is at fault. */
    public String field() {
        return field;
    }

    /** What is wrong, without the path. */
    public String reason() {
        return reason;
    }

    /** 1-based line of a JSON syntax error, or -1 when not a syntax error. */
    public int line() {
        return line;
    }

    /** 1-based column of a JSON syntax error, or -1 when not a syntax error. */
    public int column() {
        return column;
    }
}
