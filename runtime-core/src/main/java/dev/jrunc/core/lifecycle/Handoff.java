package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM's last act on the hot commands: the native steps are handed to bin/jrunc, which
 * execve()s {@code libexec/jrunc-init MODE ARGS…} in its own pid once this JVM has exited
 * (docs/init-protocol.md, section 7). So {@code start}, {@code kill}, {@code delete} and the
 * foreground {@code run}'s supervisor need no FFI binding here, which costs more CPU than
 * the whole command otherwise.
 *
 * <p>Wire format on the fd named by {@value #FD_ENV}: every argument NUL-terminated, then
 * one empty argument as the end mark (the launcher ignores a handoff without it). Arguments
 * are never empty, so the launcher knows the handoff is complete at the first "\0\0" and
 * goes on without waiting for this JVM to exit.
 * Available only when the launcher passed the fd; in-process callers (tests) get
 * {@code null} from {@link #fromEnvironment} and the commands use the FFI path instead.
 */
public final class Handoff {
    public static final String FD_ENV = "JRUNC_HANDOFF_FD";

    private final int fd;
    private final String logFile;
    private final String logFormat;
    private boolean used;

    private Handoff(int fd, String logFile, String logFormat) {
        this.fd = fd;
        this.logFile = logFile;
        this.logFormat = logFormat;
    }

    /** The launcher's handoff, carrying runc's log settings for the errors jrunc-init reports; null without a launcher. */
    public static Handoff fromEnvironment(String logFile, String logFormat) {
        String value = System.getenv(FD_ENV);
        if (value == null || value.isEmpty()) {
            return null;
        }
        int fd;
        try {
            fd = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
        return fd < 3 ? null : new Handoff(fd, logFile, logFormat);
    }

    /** Hands {@code jrunc-init mode …} to the launcher; the command must return (exit 0) right after. */
    void exec(String mode, List<String> args) {
        if (used) {
            throw new IllegalStateException("handoff already made");
        }
        used = true;
        List<String> all = new ArrayList<>();
        all.add(mode);
        if (logFile != null && !logFile.isEmpty()) {
            all.add("--log");
            all.add(logFile);
        }
        all.add("--log-format");
        all.add("json".equals(logFormat) ? "json" : "text");
        all.addAll(args);
        StringBuilder b = new StringBuilder();
        for (String a : all) {
            if (a.indexOf('\0') >= 0) {
                throw new JruncException("argument holds a NUL byte: " + a);
            }
            if (a.isEmpty()) {
                // The launcher takes "\0\0" for the end mark without waiting for our exit.
                throw new IllegalArgumentException("empty handoff argument after " + b);
            }
            b.append(a).append('\0');
        }
        b.append('\0');
        // The inherited fd is not ours to close (the launcher reads to EOF when we exit):
        // reopening it through /proc gives a file of our own, with no FFI.
        try (OutputStream out = new FileOutputStream("/proc/self/fd/" + fd)) {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JruncException("hand off to jrunc-init: " + e.getMessage(), e);
        }
    }
}
