package dev.jrunc.core;

import java.util.regex.Pattern;

/** Container ids as runc accepts them; the id names a directory under --root. */
public final class ContainerId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_+.-]+");

    private ContainerId() {
    }

    public static String validate(String id) {
        if (id == null || id.isEmpty()) {
            throw new JruncException("container id cannot be empty");
        }
        if (!isValid(id)) {
            throw new JruncException("invalid container ID format");
        }
        return id;
    }

    /** Whether runc would accept {@code id}; other names under --root are jrunc's own (e.g. @seccomp). */
    public static boolean isValid(String id) {
        return id != null && !id.isEmpty() && VALID.matcher(id).matches() && !id.equals(".") && !id.equals("..")
                && id.length() <= 1024;
    }
}
