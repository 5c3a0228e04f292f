package dev.jrunc.core.cgroup;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parsers for the counter files the stats read; absent files read as "nothing to report". */
final class StatFiles {
    private StatFiles() {
    }

    /** A uint64 as a JSON number: values above Long.MAX_VALUE stay exact. */
    static Number number(String text) {
        String s = text.strip();
        if (s.equals("max")) {
            // cgroup v2's "no limit"; runc reports math.MaxUint64.
            return new BigInteger("18446744073709551615");
        }
        try {
            long v = Long.parseUnsignedLong(s);
            return v >= 0 ? v : new BigInteger(Long.toUnsignedString(v));
        } catch (NumberFormatException e) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException notSigned) {
                return 0L;
            }
        }
    }

    static Number number(Path dir, String file) throws CgroupException {
        String text = dir == null ? null : CgroupFiles.readIfPresent(dir, file);
        return text == null || text.isEmpty() ? 0L : number(text);
    }

    static boolean isZero(Number n) {
        return n.longValue() == 0 && !(n instanceof BigInteger b && b.signum() != 0);
    }

    /** "key value" lines (memory.stat, cpu.stat, cpuacct.stat), keys sorted as Go maps print. */
    static Map<String, Number> keyed(Path dir, String file) throws CgroupException {
        Map<String, Number> out = new TreeMap<>();
        String text = dir == null ? null : CgroupFiles.readIfPresent(dir, file);
        if (text == null) {
            return out;
        }
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                out.put(f[0], number(f[1]));
            }
        }
        return out;
    }

    /** Space-separated numbers on one line (cpuacct.usage_percpu). */
    static List<Number> numbers(Path dir, String file) throws CgroupException {
        List<Number> out = new ArrayList<>();
        String text = dir == null ? null : CgroupFiles.readIfPresent(dir, file);
        if (text != null && !text.isBlank()) {
            for (String f : text.strip().split("\\s+")) {
                out.add(number(f));
            }
        }
        return out;
    }

    /** A cpu list such as "0-2,5" as [0,1,2,5]. */
    static List<Integer> cpuList(Path dir, String file) throws CgroupException {
        List<Integer> out = new ArrayList<>();
        String text = dir == null ? null : CgroupFiles.readIfPresent(dir, file);
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.strip().split(",")) {
            String[] range = part.split("-");
            try {
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            } catch (NumberFormatException e) {
                throw new CgroupException("unexpected content in " + file + ": " + text);
            }
        }
        return out;
    }

    /** blkio "MAJ:MIN Op value" lines as runc's {major, minor, op, value} entries ("Total" lines skipped). */
    static List<Map<String, Object>> blkioEntries(Path dir, String file) throws CgroupException {
        List<Map<String, Object>> out = new ArrayList<>();
        String text = dir == null ? null : CgroupFiles.readIfPresent(dir, file);
        if (text == null) {
            return out;
        }
        for (String line : text.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            String[] dev = f[0].split(":");
            if (dev.length != 2 || f.length < 2) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("major", number(dev[0]));
            e.put("minor", number(dev[1]));
            e.put("op", f.length == 3 ? f[1] : "");
            e.put("value", number(f[f.length - 1]));
            out.add(e);
        }
        return out;
    }
}
