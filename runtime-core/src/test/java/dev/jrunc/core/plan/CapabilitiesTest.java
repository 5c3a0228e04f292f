package dev.jrunc.core.plan;

import dev.jrunc.core.spec.LinuxCapabilities;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {

    @Test
    void capabilitiesAboveTheKernelsLastAreLeftOutWithRuncsWarning() {
        Capabilities c = new Capabilities(37); // a 5.8-era kernel: no PERFMON, BPF, CHECKPOINT_RESTORE
        List<String> names = List.of("CAP_CHOWN", "CAP_PERFMON", "CAP_BPF", "CAP_AUDIT_READ", "CAP_CHECKPOINT_RESTORE");
        assertEquals(1L | 1L << 37, c.mask(names));
        List<String> warnings = new ArrayList<>();
        c.warn(warnings::add);
        assertEquals(List.of("ignoring unknown or unavailable capabilities: [CAP_BPF CAP_CHECKPOINT_RESTORE CAP_PERFMON]"),
                warnings);
    }

    @Test
    void noWarningWhenTheKernelHasThemAll() {
        Capabilities c = new Capabilities(40);
        assertEquals(1L << 40 | 1L << 38, c.mask(List.of("CAP_CHECKPOINT_RESTORE", "CAP_PERFMON")));
        List<String> warnings = new ArrayList<>();
        c.warn(warnings::add);
        assertTrue(warnings.isEmpty());
    }

    @Test
    void ambientNeedsPermittedAndInheritable() {
        var sets = new Capabilities(40).sets(new LinuxCapabilities(List.of("CAP_KILL"), List.of("CAP_KILL"),
                List.of("CAP_KILL", "CAP_CHOWN"), List.of("CAP_KILL"), List.of("CAP_KILL", "CAP_CHOWN")));
        assertEquals(1L << 5, sets.ambient());
        assertEquals(1L << 5, sets.permitted());
        assertEquals(1L << 5 | 1L, sets.inheritable());
    }

    @Test
    void thisKernelsLastCapabilityIsRead() {
        // /proc reports size 0; a reader trusting the size would see "4" of "40".
        assertTrue(HostCapabilities.lastCap() >= 36 && HostCapabilities.lastCap() < 64,
                "cap_last_cap " + HostCapabilities.lastCap());
    }
}
