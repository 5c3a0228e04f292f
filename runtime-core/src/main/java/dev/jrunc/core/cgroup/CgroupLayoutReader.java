package dev.jrunc.core.cgroup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses /proc/self/mountinfo and /proc/self/cgroup into a {@link CgroupLayout}. */
final class CgroupLayoutReader {
    private static final String V2_DEFAULT_MOUNT = "/sys/fs/cgroup";
    private static final String HYBRID_MOUNT = "/sys/fs/cgroup/unified";

    /** One cgroup or cgroup2 line of mountinfo, reduced to what we use. */
    record Mount(String root, String mountpoint, String fsType, Set<String> superOptions) {}

    /** One line of /proc/self/cgroup: "hierarchy-ID:controller-list:cgroup-path". */
    record Membership(String hierarchyId, List<String> controllers, String path) {}

    private CgroupLayoutReader() {}

    static CgroupLayout read(Path mountinfo, Path procCgroup, Path rootPrefix) throws CgroupException {
        List<Mount> mounts = parseMountinfo(readLines(mountinfo));
        List<Membership> memberships = parseProcCgroup(readLines(procCgroup));
        return build(mounts, memberships, rootPrefix, mountinfo);
    }

    static CgroupLayout build(List<Mount> mounts, List<Membership> memberships, Path rootPrefix, Path source)
            throws CgroupException {
        Mount cgroup2 = pickCgroup2(mounts);
        String ownV2 = memberships.stream().filter(m -> m.hierarchyId().equals("0"))
                .map(Membership::path).findFirst().orElse("/");

        // runc decides "unified mode" by what is mounted at /sys/fs/cgroup alone; any v1
        // mounts elsewhere are then irrelevant to it, and so to us.
        if (cgroup2 != null && cgroup2.mountpoint().equals(V2_DEFAULT_MOUNT)) {
            return new CgroupLayout(CgroupLayout.Mode.V2, List.of(), unified(cgroup2, ownV2, rootPrefix));
        }

        List<CgroupLayout.V1Hierarchy> hierarchies = new ArrayList<>();
        for (Membership m : memberships) {
            if (m.hierarchyId().equals("0") || m.controllers().isEmpty()) {
                continue;
            }
            Mount mount = findV1Mount(mounts, m.controllers());
            if (mount == null) {
                // The kernel knows the hierarchy but nobody mounted it (e.g. net_cls): skip, as runc does.
                continue;
            }
            hierarchies.add(new CgroupLayout.V1Hierarchy(reroot(rootPrefix, mount.mountpoint()),
                    m.controllers(), mount.root(), m.path()));
        }

        if (!hierarchies.isEmpty()) {
            if (cgroup2 == null) {
                return new CgroupLayout(CgroupLayout.Mode.V1, hierarchies, null);
            }
            return new CgroupLayout(CgroupLayout.Mode.HYBRID, hierarchies, unified(cgroup2, ownV2, rootPrefix));
        }
        if (cgroup2 != null) {
            return new CgroupLayout(CgroupLayout.Mode.V2, List.of(), unified(cgroup2, ownV2, rootPrefix));
        }
        throw new CgroupException("no cgroup hierarchy is mounted (checked " + source + ")");
    }

    private static CgroupLayout.Unified unified(Mount m, String ownPath, Path rootPrefix) {
        return new CgroupLayout.Unified(reroot(rootPrefix, m.mountpoint()), m.root(), ownPath);
    }

    /** The canonical places first; the same hierarchy may also be bind-mounted elsewhere. */
    private static Mount pickCgroup2(List<Mount> mounts) {
        List<Mount> all = mounts.stream().filter(m -> m.fsType().equals("cgroup2")).toList();
        for (String preferred : List.of(V2_DEFAULT_MOUNT, HYBRID_MOUNT)) {
            for (Mount m : all) {
                if (m.mountpoint().equals(preferred)) {
                    return m;
                }
            }
        }
        return all.isEmpty() ? null : all.getFirst();
    }

    /** First v1 mount carrying all the given controllers, as runc takes the first match. */
    private static Mount findV1Mount(List<Mount> mounts, List<String> controllers) {
        for (Mount m : mounts) {
            if (m.fsType().equals("cgroup") && m.superOptions().containsAll(controllers)) {
                return m;
            }
        }
        return null;
    }

    private static Path reroot(Path rootPrefix, String mountpoint) {
        return rootPrefix.resolve(mountpoint.substring(1));
    }

    static List<Mount> parseMountinfo(List<String> lines) throws CgroupException {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            // "36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw,errors=continue":
            // a variable number of optional fields ends with a lone "-".
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 3 > f.length) {
                throw new CgroupException("malformed mountinfo line: " + line);
            }
            String fsType = f[dash + 1];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            Set<String> superOptions = dash + 3 < f.length
                    ? new HashSet<>(Arrays.asList(f[dash + 3].split(","))) : Set.of();
            mounts.add(new Mount(unescape(f[3]), unescape(f[4]), fsType, superOptions));
        }
        return mounts;
    }

    static List<Membership> parseProcCgroup(List<String> lines) throws CgroupException {
        List<Membership> result = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            // The path may itself contain ':', so split into at most three parts.
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                throw new CgroupException("malformed /proc/self/cgroup line: " + line);
            }
            List<String> controllers = parts[1].isEmpty() ? List.of() : List.of(parts[1].split(","));
            result.add(new Membership(parts[0], controllers, parts[2]));
        }
        return result;
    }

    /** mountinfo writes space, tab, newline and backslash in paths as \ooo octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && isOctal(b[i + 1]) && isOctal(b[i + 2]) && isOctal(b[i + 3])) {
                out.write((b[i + 1] - '0') * 64 + (b[i + 2] - '0') * 8 + (b[i + 3] - '0'));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte c) {
        return c >= '0' && c <= '7';
    }

    private static List<String> readLines(Path file) throws CgroupException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CgroupException("failed to read " + file + ": " + IoErrors.reason(e), e);
        }
    }
}
