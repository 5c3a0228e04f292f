package dev.jrunc.core.plan;

import dev.jrunc.core.spec.KnownNames;

import java.util.List;

/** Capability sets as the kernel's bit masks. */
final class Capabilities {
    private Capabilities() {
    }

    /**
     * The set as a bit mask (bit n = capability n). Unknown names never reach here (the
     * validator rejects them); capabilities beyond what the running kernel knows are dropped
     * by the C side.
     */
    static long mask(List<String> names) {
        long mask = 0;
        for (String n : names == null ? List.<String>of() : names) {
            int bit = KnownNames.CAPABILITIES.indexOf(n);
            if (bit >= 0) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }
}
