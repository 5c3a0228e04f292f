package dev.jrunc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process runs inside a user namespace other than the host's. */
final class UserNamespace {
    private UserNamespace() {
    }

    /** The host's user namespace maps every id to itself ("0 0 4294967295"); any other does not. */
    static boolean current() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/uid_map")).trim().split("\\s+");
            return !(f.length == 3 && f[0].equals("0") && f[1].equals("0") && f[2].equals("4294967295"));
        } catch (IOException e) {
            return false;
        }
    }
}
