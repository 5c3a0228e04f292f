package dev.jrunc.core.plan;

import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.LinuxCapabilities;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Capability sets as the kernel's bit masks, limited to what the running kernel has. */
final class Capabilities {
    private final int lastCap;
    private final TreeSet<String> unavailable = new TreeSet<>();

    /** @param lastCap the kernel's {@code cap_last_cap} */
    Capabilities(int lastCap) {
        this.lastCap = lastCap;
    }

    /**
     * The set as a bit mask (bit n = capability n). Unknown names never reach here (the
     * validator rejects them); names the running kernel lacks are left out and remembered.
     */
    long mask(List<String> names) {
        long mask = 0;
        for (String n : names == null ? List.<String>of() : names) {
            int bit = KnownNames.CAPABILITIES.indexOf(n);
            if (bit > lastCap) {
                unavailable.add(n);
            } else if (bit >= 0) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }

    /** runc's warning, once, listing (sorted, Go's slice format) what was left out. */
    void warn(Consumer<String> warnings) {
        if (!unavailable.isEmpty()) {
            warnings.accept("ignoring unknown or unavailable capabilities: [" + String.join(" ", unavailable) + "]");
        }
    }

    /** The five sets of {@code caps}. Ambient bits need permitted and inheritable too. */
    dev.jrunc.linux.plan.PlanRecords.Capabilities sets(LinuxCapabilities caps) {
        long permitted = mask(caps.permitted());
        long inheritable = mask(caps.inheritable());
        // The kernel raises an ambient capability only if it is also permitted and
        // inheritable; runc ignores the others (its default spec lists ambient caps with
        // no inheritable set), so they are left out here rather than failing in the init.
        long ambient = mask(caps.ambient()) & permitted & inheritable;
        return new dev.jrunc.linux.plan.PlanRecords.Capabilities(mask(caps.bounding()), mask(caps.effective()),
                permitted, inheritable, ambient);
    }
}
