package dev.jrunc.core.cgroup;

/**
 * A cgroup operation failed. The message is a single line meant to be shown to the user
 * as is (the CLI prints it after "jrunc: "), so it names the file and value involved.
 */
public final class CgroupException extends Exception {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
