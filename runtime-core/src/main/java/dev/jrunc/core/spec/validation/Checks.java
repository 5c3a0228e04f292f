package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.CpuList;
import dev.jrunc.core.spec.IdMapping;
import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.linux.plan.PlanLimits;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Small shared checks; each throws the first problem as a {@link ConfigException}. */
final class Checks {

    /** Kernel list syntax for CPUs and NUMA nodes: "0-3,7", "0-15:2/4"; empty = unset. */
    private static final Pattern CPU_LIST =
            Pattern.compile("(\\d+(-\\d+(:\\d+/\\d+)?)?)(,\\d+(-\\d+(:\\d+/\\d+)?)?)*");

    private static final long ID_SPACE = 1L << 32;
    private static final int MAX_ID_MAP_LINES = PlanLimits.MAX_ID_MAP_LINES;

    private Checks() {
    }

    static ConfigException fail(String field, String reason) {
        return new ConfigException(field, reason);
    }

    static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    static boolean isEmpty(Collection<?> c) {
        return c == null || c.isEmpty();
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static void required(String field, Object value) {
        if (value == null) {
            throw fail(field, "must be set");
        }
    }

    static void notEmpty(String field, String value) {
        if (isEmpty(value)) {
            throw fail(field, "must not be empty");
        }
    }

    /** Non-empty and starting with '/'. */
    static void absolute(String field, String value) {
        notEmpty(field, value);
        if (!value.startsWith("/")) {
            throw fail(field, "must be an absolute path");
        }
    }

    static void oneOf(String field, String value, List<String> known, String what) {
        notEmpty(field, value);
        if (!known.contains(value)) {
            throw fail(field, "unknown " + what + " " + quote(value));
        }
    }

    /** Every element of an optional list is non-null and in {@code known}. */
    static void allOf(String field, List<String> values, List<String> known, String what) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            oneOf(JsonPath.index(field, i), values.get(i), known, what);
        }
    }

    /** Elements of an optional string list must not be JSON null. */
    static void noNulls(String field, List<?> values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw fail(JsonPath.index(field, i), "must not be null");
            }
        }
    }

    /**
     * Lists that travel to jrunc-init are bounded there (docs/init-protocol.md, section 4);
     * saying so here names the field instead of failing later in the plan writer.
     */
    static void bounded(String field, List<String> values, int maxCount, int maxBytes) {
        if (values == null) {
            return;
        }
        if (values.size() > maxCount) {
            throw fail(field, values.size() + " entries, at most " + maxCount + " are supported");
        }
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (v != null && v.length() * 3L > maxBytes
                    && v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBytes) {
                throw fail(JsonPath.index(field, i), "longer than " + maxBytes + " bytes");
            }
        }
    }

    static void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw fail(field, "must be between " + min + " and " + max);
        }
    }

    /** A CPU or node list parsed with {@link CpuList}, each id at most {@code maxId}. */
    static java.util.BitSet idList(String field, String value, int maxId) {
        try {
            return CpuList.parse(value, maxId);
        } catch (IllegalArgumentException e) {
            throw fail(field, "invalid CPU or node list " + quote(value) + ": " + e.getMessage());
        }
    }

    static void cpuList(String field, String value) {
        if (!isEmpty(value) && !CPU_LIST.matcher(value).matches()) {
            throw fail(field, "invalid CPU or node list " + quote(value));
        }
    }

    /**
     * A uid/gid mapping list as the kernel accepts it in /proc/PID/uid_map: every range
     * non-empty, inside the 32-bit id space, and no two ranges overlapping on either side.
     */
    static void idMappings(String field, List<IdMapping> mappings) {
        if (mappings == null) {
            return;
        }
        if (mappings.size() > MAX_ID_MAP_LINES) {
            throw fail(field, mappings.size() + " ranges, more than the kernel's limit of " + MAX_ID_MAP_LINES);
        }
        for (int i = 0; i < mappings.size(); i++) {
            String at = JsonPath.index(field, i);
            IdMapping m = mappings.get(i);
            if (m == null) {
                throw fail(at, "must not be null");
            }
            required(at + ".containerID", m.containerId());
            required(at + ".hostID", m.hostId());
            required(at + ".size", m.size());
            if (m.size() == 0) {
                throw fail(at + ".size", "must be greater than 0");
            }
            if (m.containerId() + m.size() > ID_SPACE || m.hostId() + m.size() > ID_SPACE) {
                throw fail(at + ".size", "range exceeds the 32-bit id space");
            }
            for (int j = 0; j < i; j++) {
                IdMapping earlier = mappings.get(j);
                if (overlaps(earlier.containerId(), earlier.size(), m.containerId(), m.size())) {
                    throw fail(at, "container id range overlaps " + JsonPath.index(field, j));
                }
                if (overlaps(earlier.hostId(), earlier.size(), m.hostId(), m.size())) {
                    throw fail(at, "host id range overlaps " + JsonPath.index(field, j));
                }
            }
        }
        idMapText(field, mappings);
    }

    /**
     * The kernel takes a uid_map/gid_map in one write of less than a page ({@code
     * PlanLimits.MAX_ID_MAP} bytes, "containerID hostID size" lines).
     */
    private static void idMapText(String field, List<IdMapping> mappings) {
        if (mappings == null) {
            return;
        }
        long bytes = 0;
        for (IdMapping m : mappings) {
            bytes += (m.containerId() + " " + m.hostId() + " " + m.size() + "\n").length();
        }
        if (bytes > PlanLimits.MAX_ID_MAP) {
            throw fail(field, "the ranges take " + bytes + " bytes as a uid_map/gid_map, more than the kernel's limit of "
                    + PlanLimits.MAX_ID_MAP);
        }
    }

    private static boolean overlaps(long start1, long size1, long start2, long size2) {
        return start1 < start2 + size2 && start2 < start1 + size1;
    }
}
