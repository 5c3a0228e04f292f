package dev.jrunc.core.lifecycle;

import dev.jrunc.core.cgroup.DeviceRule;
import dev.jrunc.core.spec.LinuxDevice;
import dev.jrunc.core.spec.LinuxDeviceCgroup;
import dev.jrunc.core.spec.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The devices controller's rules, in runc's order: the config's own rules, then the devices
 * every container may use (runc's default allow list), then the nodes listed in
 * {@code linux.devices}, which a container must be able to use once they exist.
 */
final class DeviceRulesMapper {
    private DeviceRulesMapper() {
    }

    private static final List<DeviceRule> DEFAULT_ALLOWED = List.of(
            new DeviceRule(true, 'c', -1, -1, "m"),
            new DeviceRule(true, 'b', -1, -1, "m"),
            new DeviceRule(true, 'c', 1, 3, "rwm"),   // /dev/null
            new DeviceRule(true, 'c', 1, 8, "rwm"),   // /dev/random
            new DeviceRule(true, 'c', 1, 7, "rwm"),   // /dev/full
            new DeviceRule(true, 'c', 5, 0, "rwm"),   // /dev/tty
            new DeviceRule(true, 'c', 1, 5, "rwm"),   // /dev/zero
            new DeviceRule(true, 'c', 1, 9, "rwm"),   // /dev/urandom
            new DeviceRule(true, 'c', 5, 1, "rwm"),   // /dev/console
            new DeviceRule(true, 'c', 136, -1, "rwm"), // /dev/pts/*
            new DeviceRule(true, 'c', 5, 2, "rwm"));  // /dev/ptmx

    static List<DeviceRule> from(Spec spec) {
        List<DeviceRule> rules = new ArrayList<>();
        boolean restricted = false;
        if (spec.linux() != null && spec.linux().resources() != null && spec.linux().resources().devices() != null) {
            for (LinuxDeviceCgroup d : spec.linux().resources().devices()) {
                boolean allow = Boolean.TRUE.equals(d.allow());
                restricted |= !allow;
                String type = d.type() == null || d.type().isEmpty() ? "a" : d.type();
                String access = d.access() == null || d.access().isEmpty() ? "rwm" : d.access();
                rules.add(new DeviceRule(allow, type.charAt(0), orAny(d.major()), orAny(d.minor()), access));
            }
        }
        if (!restricted) {
            // Nothing was denied: every device stays allowed, the defaults add nothing.
            return rules;
        }
        rules.addAll(DEFAULT_ALLOWED);
        if (spec.linux().devices() != null) {
            for (LinuxDevice d : spec.linux().devices()) {
                char type = d.type().charAt(0) == 'u' ? 'c' : d.type().charAt(0);
                if (type == 'c' || type == 'b') {
                    rules.add(new DeviceRule(true, type, orAny(d.major()), orAny(d.minor()), "rwm"));
                }
            }
        }
        return rules;
    }

    private static long orAny(Long n) {
        return n == null ? -1 : n;
    }
}
