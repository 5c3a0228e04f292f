package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.JsonPath;
import dev.jrunc.core.spec.KnownNames;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.LinuxDevice;
import dev.jrunc.core.spec.LinuxMemoryPolicy;
import dev.jrunc.core.spec.LinuxNamespace;
import dev.jrunc.core.spec.LinuxNetDevice;
import dev.jrunc.core.spec.LinuxTimeOffset;
import dev.jrunc.linux.plan.PlanLimits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.jrunc.core.spec.validation.Checks.absolute;
import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.isEmpty;
import static dev.jrunc.core.spec.validation.Checks.notEmpty;
import static dev.jrunc.core.spec.validation.Checks.oneOf;
import static dev.jrunc.core.spec.validation.Checks.quote;

/**
 * {@code linux} checks, in this order: namespaces, uid/gid mappings and the user namespace,
 * time offsets, devices, netDevices, sysctl, resources, seccomp, rootfsPropagation, masked and
 * read-only paths, intelRdt, memoryPolicy, personality.
 */
final class LinuxValidator {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int IFNAMSIZ = 16;
    /** The highest NUMA node a plan's mask can carry. */
    private static final int MAX_NODE = PlanLimits.MAX_NODE_WORDS * 64 - 1;

    private LinuxValidator() {
    }

    static void validate(Linux linux) {
        Map<String, LinuxNamespace> namespaces = namespaces(linux == null ? null : linux.namespaces());
        if (linux == null) {
            return;
        }
        Checks.idMappings("linux.uidMappings", linux.uidMappings());
        Checks.idMappings("linux.gidMappings", linux.gidMappings());
        userNamespace(linux, namespaces.get("user"));
        timeOffsets(linux.timeOffsets(), namespaces.get("time"));
        devices(linux.devices());
        netDevices(linux.netDevices(), namespaces.containsKey("network"));
        sysctl(linux.sysctl());
        ResourcesValidator.validate("linux.resources", linux.resources());
        SeccompValidator.validate("linux.seccomp", linux.seccomp());
        if (linux.rootfsPropagation() != null && !linux.rootfsPropagation().isEmpty()) {
            oneOf("linux.rootfsPropagation", linux.rootfsPropagation(), KnownNames.ROOTFS_PROPAGATIONS,
                    "rootfs propagation");
        }
        paths("linux.maskedPaths", linux.maskedPaths());
        paths("linux.readonlyPaths", linux.readonlyPaths());
        if (linux.intelRdt() != null) {
            String clos = linux.intelRdt().closId();
            // The CLOS id names a directory under /sys/fs/resctrl (runc intelrdtCheck).
            if (clos != null && (clos.contains("/") || clos.equals(".") || clos.equals(".."))) {
                throw fail("linux.intelRdt.closID", "invalid CLOS id " + quote(clos));
            }
        }
        memoryPolicy(linux.memoryPolicy());
        if (linux.personality() != null) {
            oneOf("linux.personality.domain", linux.personality().domain(), KnownNames.PERSONALITY_DOMAINS,
                    "personality domain");
            List<String> flags = linux.personality().flags();
            if (flags != null && !flags.isEmpty()) {
                // The spec defines no flag yet: any value is one jrunc cannot know.
                throw fail(JsonPath.index("linux.personality.flags", 0),
                        "unknown personality flag " + Checks.quote(String.valueOf(flags.get(0))) + " (none are defined)");
            }
        }
    }

    /** The node count rules of set_mempolicy(2) per mode, as runc checks them. */
    private static void memoryPolicy(LinuxMemoryPolicy m) {
        if (m == null) {
            return;
        }
        oneOf("linux.memoryPolicy.mode", m.mode(), KnownNames.MEMORY_POLICY_MODES, "memory policy mode");
        int nodes = Checks.idList("linux.memoryPolicy.nodes", m.nodes(), MAX_NODE).cardinality();
        Checks.allOf("linux.memoryPolicy.flags", m.flags(), KnownNames.MEMORY_POLICY_FLAGS, "memory policy flag");
        switch (m.mode()) {
            case "MPOL_DEFAULT", "MPOL_LOCAL" -> {
                if (nodes != 0) {
                    throw fail("linux.memoryPolicy.nodes", "must be empty for " + m.mode());
                }
            }
            case "MPOL_PREFERRED" -> {
                // zero nodes means local allocation
            }
            default -> {
                if (nodes == 0) {
                    throw fail("linux.memoryPolicy.nodes", "must name at least one node for " + m.mode());
                }
            }
        }
        List<String> flags = m.flags() == null ? List.of() : m.flags();
        if (flags.contains("MPOL_F_STATIC_NODES") && flags.contains("MPOL_F_RELATIVE_NODES")) {
            throw fail("linux.memoryPolicy.flags", "MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other");
        }
    }

    /** Returns the namespaces by type after checking them; empty when none are configured. */
    private static Map<String, LinuxNamespace> namespaces(List<LinuxNamespace> list) {
        Map<String, LinuxNamespace> byType = new HashMap<>();
        Map<String, Integer> index = new HashMap<>();
        if (list == null) {
            return byType;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = JsonPath.index("linux.namespaces", i);
            LinuxNamespace ns = list.get(i);
            if (ns == null) {
                throw fail(at, "must not be null");
            }
            notEmpty(at + ".type", ns.type());
            if (!KnownNames.NAMESPACES.contains(ns.type())) {
                throw fail(at + ".type", "unknown namespace type " + quote(ns.type()));
            }
            Integer first = index.putIfAbsent(ns.type(), i);
            if (first != null) {
                // Covers "path given twice" too: one type, one entry, whether new or joined.
                throw fail(at + ".type", "duplicate namespace type " + quote(ns.type())
                        + " (first at " + JsonPath.index("linux.namespaces", first) + ")");
            }
            if (!isEmpty(ns.path())) {
                absolute(at + ".path", ns.path());
            }
            byType.put(ns.type(), ns);
        }
        return byType;
    }

    private static void userNamespace(Linux linux, LinuxNamespace user) {
        boolean uid = !isEmpty(linux.uidMappings());
        boolean gid = !isEmpty(linux.gidMappings());
        if (user == null) {
            if (uid || gid) {
                throw fail(uid ? "linux.uidMappings" : "linux.gidMappings",
                        "user namespace mappings require a \"user\" namespace");
            }
            return;
        }
        if (isEmpty(user.path()) && (!uid || !gid)) {
            // runc's wording (validator.go namespaces), with the missing list as the field.
            throw fail(uid ? "linux.gidMappings" : "linux.uidMappings",
                    "user namespace enabled, but no namespace path to join nor mappings to apply specified");
        }
    }

    private static void timeOffsets(Map<String, LinuxTimeOffset> offsets, LinuxNamespace time) {
        if (offsets == null || offsets.isEmpty()) {
            return;
        }
        if (time == null) {
            throw fail("linux.timeOffsets",
                    "time namespace offsets specified, but time namespace isn't enabled in the config");
        }
        if (!isEmpty(time.path())) {
            throw fail("linux.timeOffsets", "time namespace enabled, but both namespace path and time offsets "
                    + "specified -- you may only provide one");
        }
        for (Map.Entry<String, LinuxTimeOffset> e : offsets.entrySet()) {
            String at = JsonPath.field("linux.timeOffsets", e.getKey());
            if (!KnownNames.TIME_OFFSET_CLOCKS.contains(e.getKey())) {
                throw fail(at, "unknown clock " + quote(e.getKey()) + " (expected monotonic or boottime)");
            }
            if (e.getValue() != null && e.getValue().nanosecs() != null
                    && e.getValue().nanosecs() >= NANOS_PER_SECOND) {
                throw fail(at + ".nanosecs", "must be less than " + NANOS_PER_SECOND);
            }
        }
    }

    private static void devices(List<LinuxDevice> devices) {
        if (devices == null) {
            return;
        }
        Map<String, Integer> paths = new HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            String at = JsonPath.index("linux.devices", i);
            LinuxDevice d = devices.get(i);
            if (d == null) {
                throw fail(at, "must not be null");
            }
            absolute(at + ".path", d.path());
            notEmpty(at + ".type", d.type());
            if (!List.of("c", "b", "u", "p").contains(d.type())) {
                throw fail(at + ".type", "unknown device type " + quote(d.type()));
            }
            if (!d.type().equals("p")) {
                if (d.major() == null) {
                    throw fail(at + ".major", "must be set for device type " + quote(d.type()));
                }
                if (d.minor() == null) {
                    throw fail(at + ".minor", "must be set for device type " + quote(d.type()));
                }
            }
            Integer first = paths.putIfAbsent(d.path(), i);
            if (first != null) {
                throw fail(at + ".path", "duplicate device path " + quote(d.path())
                        + " (first at " + JsonPath.index("linux.devices", first) + ")");
            }
        }
    }

    private static void netDevices(Map<String, LinuxNetDevice> devices, boolean hasNetworkNamespace) {
        if (devices == null || devices.isEmpty()) {
            return;
        }
        if (!hasNetworkNamespace) {
            throw fail("linux.netDevices", "unable to move network devices without a NET namespace");
        }
        for (Map.Entry<String, LinuxNetDevice> e : devices.entrySet()) {
            String at = JsonPath.field("linux.netDevices", e.getKey());
            if (!validInterfaceName(e.getKey())) {
                throw fail(at, "invalid network device name " + quote(e.getKey()));
            }
            String name = e.getValue() == null ? null : e.getValue().name();
            if (!isEmpty(name) && !validInterfaceName(name)) {
                throw fail(at + ".name", "invalid network device name " + quote(name));
            }
        }
    }

    /** The kernel's dev_valid_name(): 1..15 bytes, not "." or "..", no '/', ':' or space. */
    private static boolean validInterfaceName(String name) {
        if (name.isEmpty() || name.length() >= IFNAMSIZ || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sysctl names become paths under /proc/sys; ".." in a name could reach outside the
     * intended entry. runc accepts the slash form ("net/ipv4/ip_forward") as the dotted one,
     * and so does jrunc (the plan compiler turns it into dots).
     */
    private static void sysctl(Map<String, String> sysctl) {
        if (sysctl == null) {
            return;
        }
        for (Map.Entry<String, String> e : sysctl.entrySet()) {
            String at = JsonPath.field("linux.sysctl", e.getKey());
            String key = e.getKey().replace('/', '.');
            if (key.isEmpty() || key.contains("..") || key.startsWith(".") || key.endsWith(".")) {
                throw fail(at, "invalid sysctl name " + quote(e.getKey()));
            }
            if (e.getValue() == null) {
                throw fail(at, "must not be null");
            }
        }
    }

    private static void paths(String field, List<String> paths) {
        if (paths == null) {
            return;
        }
        for (int i = 0; i < paths.size(); i++) {
            absolute(JsonPath.index(field, i), paths.get(i));
        }
    }
}
