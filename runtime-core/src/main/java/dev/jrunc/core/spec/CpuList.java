package dev.jrunc.core.spec;

import java.util.BitSet;

/**
 * The kernel's list syntax for CPUs and NUMA nodes ({@code "0-3,7"}, with the optional stride
 * form {@code "0-15:2/4"}: in every group of 4 starting at 0, the first 2), as masks of u64
 * words for sched_setaffinity(2) and set_mempolicy(2).
 */
public final class CpuList {
    private CpuList() {
    }

    /**
     * The ids of {@code list}, each at most {@code maxId}; empty or null gives an empty set.
     *
     * @throws IllegalArgumentException with the reason, for the caller to name the field
     */
    public static BitSet parse(String list, int maxId) {
        BitSet ids = new BitSet();
        if (list == null || list.isEmpty()) {
            return ids;
        }
        for (String part : list.split(",", -1)) {
            range(part, maxId, ids);
        }
        return ids;
    }

    /** The set as u64 words, just long enough for its highest id (no words when empty). */
    public static long[] words(BitSet ids) {
        return ids.toLongArray();
    }

    private static void range(String part, int maxId, BitSet ids) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty element in the list");
        }
        String span = part;
        int used = 1;
        int group = 1;
        int colon = part.indexOf(':');
        if (colon >= 0) {
            span = part.substring(0, colon);
            String stride = part.substring(colon + 1);
            int slash = stride.indexOf('/');
            if (slash < 0 || span.indexOf('-') < 0) {
                throw new IllegalArgumentException("bad stride in \"" + part + "\"");
            }
            used = number(stride.substring(0, slash), part);
            group = number(stride.substring(slash + 1), part);
            if (used == 0 || group == 0 || used > group) {
                throw new IllegalArgumentException("bad stride in \"" + part + "\"");
            }
        }
        int dash = span.indexOf('-');
        int from = number(dash < 0 ? span : span.substring(0, dash), part);
        int to = dash < 0 ? from : number(span.substring(dash + 1), part);
        if (from > to) {
            throw new IllegalArgumentException("range \"" + part + "\" runs backwards");
        }
        if (to > maxId) {
            throw new IllegalArgumentException(to + " is over the limit " + maxId);
        }
        for (int i = from; i <= to; i++) {
            if ((i - from) % group < used) {
                ids.set(i);
            }
        }
    }

    private static int number(String s, String part) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad element \"" + part + "\"");
        }
        return Integer.parseInt(s);
    }
}
