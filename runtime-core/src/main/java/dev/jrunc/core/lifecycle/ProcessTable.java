package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ps}'s table: the host's {@code ps} output cut down to the container's processes,
 * found by the column titled PID, as runc does (ps.go).
 */
public final class ProcessTable {
    private ProcessTable() {
    }

    /** The header line, then every line whose PID column is one of {@code pids}, in ps's order. */
    public static List<String> filter(String psOutput, Set<Integer> pids) {
        List<String> lines = psOutput.lines().toList();
        if (lines.isEmpty()) {
            throw new JruncException("couldn't find PID field in ps output");
        }
        int column = Arrays.asList(fields(lines.get(0))).indexOf("PID");
        if (column < 0) {
            throw new JruncException("couldn't find PID field in ps output");
        }
        List<String> out = new ArrayList<>();
        out.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = fields(line);
            int pid;
            try {
                pid = Integer.parseInt(column < f.length ? f[column] : "");
            } catch (NumberFormatException e) {
                throw new JruncException("unable to parse pid: strconv.Atoi: parsing \""
                        + (column < f.length ? f[column] : "") + "\": invalid syntax");
            }
            if (pids.contains(pid)) {
                out.add(line);
            }
        }
        return out;
    }

    private static String[] fields(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("\\s+");
    }

    /** runc's {@code --format json}: the pid array as Go encodes it, newline included. */
    public static String json(List<Integer> pids) {
        if (pids.isEmpty()) {
            // Go encodes the nil slice runc has for an empty cgroup as null.
            return "null";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < pids.size(); i++) {
            b.append(i == 0 ? "" : ",").append(pids.get(i));
        }
        return b.append("]").toString();
    }
}
