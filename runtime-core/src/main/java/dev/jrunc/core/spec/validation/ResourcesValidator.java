package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxDeviceCgroup;
import dev.jrunc.core.spec.LinuxHugepageLimit;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxResources;
import dev.jrunc.core.spec.LinuxWeightDevice;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.quote;
import static dev.jrunc.core.spec.validation.Checks.required;

/**
 * {@code linux.resources} checks: only what is wrong on every host (syntax, ranges, file
 * names); whether a controller exists is the cgroup manager's business.
 */
final class ResourcesValidator {

    private static final Pattern PAGE_SIZE = Pattern.compile("\\d+[KMGTP]?B");
    private static final int MIN_BLKIO_WEIGHT = 10;
    private static final int MAX_BLKIO_WEIGHT = 1000;

    private ResourcesValidator() {
    }

    static void validate(String field, LinuxResources r) {
        if (r == null) {
            return;
        }
        devices(field + ".devices", r.devices());
        memory(field + ".memory", r.memory());
        if (r.cpu() != null) {
            Checks.cpuList(field + ".cpu.cpus", r.cpu().cpus());
            Checks.cpuList(field + ".cpu.mems", r.cpu().mems());
            if (r.cpu().idle() != null && r.cpu().idle() != 0 && r.cpu().idle() != 1) {
                throw fail(field + ".cpu.idle", "must be 0 or 1");
            }
        }
        blockIo(field + ".blockIO", r.blockIo());
        hugepages(field + ".hugepageLimits", r.hugepageLimits());
        unified(field + ".unified", r.unified());
    }

    private static void devices(String field, List<LinuxDeviceCgroup> rules) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String at = JsonPath.index(field, i);
            LinuxDeviceCgroup d = rules.get(i);
            if (d == null) {
                throw fail(at, "must not be null");
            }
            required(at + ".allow", d.allow());
            if (d.type() != null && !d.type().isEmpty() && !List.of("a", "b", "c").contains(d.type())) {
                throw fail(at + ".type", "unknown device type " + quote(d.type()));
            }
            if (d.access() != null && !d.access().matches("[rwm]*")) {
                throw fail(at + ".access", "invalid access " + quote(d.access()) + " (letters r, w, m)");
            }
        }
    }

    private static void memory(String field, LinuxMemory m) {
        if (m == null) {
            return;
        }
        bytes(field + ".limit", m.limit());
        bytes(field + ".reservation", m.reservation());
        bytes(field + ".swap", m.swap());
        bytes(field + ".kernel", m.kernel());
        bytes(field + ".kernelTCP", m.kernelTcp());
        if (m.swappiness() != null && Long.compareUnsigned(m.swappiness(), 100) > 0) {
            throw fail(field + ".swappiness", "must be between 0 and 100");
        }
        // swap is memory+swap (cgroup v1 semantics), so it cannot be below the memory limit.
        if (m.limit() != null && m.swap() != null && m.limit() > 0 && m.swap() > 0 && m.swap() < m.limit()) {
            throw fail(field + ".swap", "memory+swap limit must not be lower than the memory limit");
        }
    }

    private static void bytes(String field, Long value) {
        if (value != null && value < -1) {
            throw fail(field, "must be -1 (unlimited) or a non-negative number of bytes");
        }
    }

    private static void blockIo(String field, LinuxBlockIo b) {
        if (b == null) {
            return;
        }
        weight(field + ".weight", b.weight());
        weight(field + ".leafWeight", b.leafWeight());
        if (b.weightDevice() != null) {
            for (int i = 0; i < b.weightDevice().size(); i++) {
                String at = JsonPath.index(field + ".weightDevice", i);
                LinuxWeightDevice d = b.weightDevice().get(i);
                if (d == null) {
                    throw fail(at, "must not be null");
                }
                required(at + ".major", d.major());
                required(at + ".minor", d.minor());
                weight(at + ".weight", d.weight());
                weight(at + ".leafWeight", d.leafWeight());
            }
        }
    }

    /** blkio weights are 10..1000; 0 is what Go writes for "unset" and is accepted. */
    private static void weight(String field, Integer w) {
        if (w != null && w != 0 && (w < MIN_BLKIO_WEIGHT || w > MAX_BLKIO_WEIGHT)) {
            throw fail(field, "must be between " + MIN_BLKIO_WEIGHT + " and " + MAX_BLKIO_WEIGHT);
        }
    }

    private static void hugepages(String field, List<LinuxHugepageLimit> limits) {
        if (limits == null) {
            return;
        }
        for (int i = 0; i < limits.size(); i++) {
            String at = JsonPath.index(field, i);
            LinuxHugepageLimit h = limits.get(i);
            if (h == null) {
                throw fail(at, "must not be null");
            }
            if (h.pageSize() == null || !PAGE_SIZE.matcher(h.pageSize()).matches()) {
                throw fail(at + ".pageSize", "invalid page size " + quote(String.valueOf(h.pageSize()))
                        + " (expected e.g. \"2MB\")");
            }
            required(at + ".limit", h.limit());
        }
    }

    /**
     * Keys of {@code unified} are file names in the container's cgroup directory: they must be
     * of the form controller.parameter and cannot name anything outside that directory.
     */
    private static void unified(String field, Map<String, String> unified) {
        if (unified == null) {
            return;
        }
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String key = e.getKey();
            String at = JsonPath.field(field, key);
            if (key.contains("/") || key.contains("..") || key.indexOf('.') <= 0 || key.endsWith(".")) {
                throw fail(at, "invalid cgroup file name " + quote(key) + " (expected controller.parameter)");
            }
            if (e.getValue() == null) {
                throw fail(at, "must not be null");
            }
        }
    }
}
