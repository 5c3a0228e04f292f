package dev.jrunc.core.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The two fields of /proc/PID/stat that decide whether an init is still the same live process. */
public record ProcStat(char state, long startTime) {

    public static Optional<ProcStat> read(int pid) {
        return read(Path.of("/proc", Integer.toString(pid), "stat"));
    }

    static Optional<ProcStat> read(Path statFile) {
        String text;
        try {
            text = Files.readString(statFile);
        } catch (IOException e) {
            return Optional.empty();
        }
        return parse(text);
    }

    /** The command name may hold spaces and parentheses: fields start after the last ')'. */
    static Optional<ProcStat> parse(String text) {
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return Optional.empty();
        }
        String[] fields = text.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state); start time is field 22.
        if (fields.length < 20 || fields[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isDead() {
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
