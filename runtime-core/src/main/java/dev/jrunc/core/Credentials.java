package dev.jrunc.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Effective uid and gid of this process, read from /proc so that no native binding is loaded. */
public record Credentials(long uid, long gid) {

    public static Credentials effective() {
        long uid = -1;
        long gid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = secondField(line);
                } else if (line.startsWith("Gid:")) {
                    gid = secondField(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new JruncException("read /proc/self/status: " + e.getMessage(), e);
        }
        if (uid < 0 || gid < 0) {
            throw new JruncException("read /proc/self/status: no Uid or Gid line");
        }
        return new Credentials(uid, gid);
    }

    public static long effectiveUid() {
        return effective().uid();
    }

    /** "Uid:\treal\teffective\tsaved\tfs": the effective id is the second number. */
    private static long secondField(String line) {
        return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
    }
}
