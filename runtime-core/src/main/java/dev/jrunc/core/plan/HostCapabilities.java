package dev.jrunc.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The highest capability number the running kernel knows. */
final class HostCapabilities {
    private static final Path CAP_LAST_CAP = Path.of("/proc/sys/kernel/cap_last_cap");

    private HostCapabilities() {
    }

    /** {@code /proc/sys/kernel/cap_last_cap}; every capability jrunc knows when it cannot be read. */
    static int lastCap() {
        try {
            // Not readString: procfs reports size 0, and the JDK then returns only the first byte.
            return Integer.parseInt(Files.readAllLines(CAP_LAST_CAP).getFirst().trim());
        } catch (IOException | NumberFormatException | java.util.NoSuchElementException e) {
            return Integer.MAX_VALUE;
        }
    }
}
