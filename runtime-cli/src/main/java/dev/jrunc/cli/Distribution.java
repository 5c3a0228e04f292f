package dev.jrunc.cli;

import dev.jrunc.core.JruncException;

import java.nio.file.Path;

/** Where the distribution lives; the launcher passes it as -Djrunc.home. */
final class Distribution {
    private Distribution() {
    }

    static Path home() {
        String home = System.getProperty("jrunc.home");
        if (home == null) {
            throw new JruncException("jrunc.home is not set: start jrunc through bin/jrunc");
        }
        return Path.of(home);
    }
}
