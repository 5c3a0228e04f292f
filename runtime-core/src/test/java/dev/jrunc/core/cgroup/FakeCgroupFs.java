package dev.jrunc.core.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cgroupfs stand-in in a temp dir. A real cgroupfs fills every new directory with
 * control files; a plain directory does not, so tests call {@link #populate} for the
 * directories the kernel would have populated.
 */
final class FakeCgroupFs {
    private FakeCgroupFs() {}

    /** Default control files per v1 controller, with the kernel's initial values. */
    static Map<String, String> v1Files(String controller, boolean root) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cgroup.procs", "");
        switch (controller) {
            case "memory" -> {
                f.put("memory.limit_in_bytes", "9223372036854771712");
                f.put("memory.soft_limit_in_bytes", "9223372036854771712");
                f.put("memory.memsw.limit_in_bytes", "9223372036854771712");
            }
            case "cpu" -> {
                f.put("cpu.shares", "1024");
                f.put("cpu.cfs_period_us", "100000");
                f.put("cpu.cfs_quota_us", "-1");
            }
            case "cpuset" -> {
                // Only the root starts with values; children start empty (clone_children=0).
                f.put("cpuset.cpus", root ? "0-3" : "");
                f.put("cpuset.mems", root ? "0" : "");
            }
            case "pids" -> f.put("pids.max", "max");
            case "freezer" -> f.put("freezer.state", "THAWED");
            default -> { }
        }
        return f;
    }

    static Map<String, String> v2Files(String controllers) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cgroup.procs", "");
        f.put("cgroup.controllers", controllers);
        f.put("cgroup.subtree_control", "");
        f.put("cgroup.events", "populated 0\nfrozen 0\n");
        f.put("cgroup.freeze", "0");
        for (String c : controllers.split(" ")) {
            switch (c) {
                case "memory" -> {
                    f.put("memory.max", "max");
                    f.put("memory.low", "0");
                    f.put("memory.swap.max", "max");
                }
                case "cpu" -> {
                    f.put("cpu.weight", "100");
                    f.put("cpu.max", "max 100000");
                }
                case "cpuset" -> {
                    f.put("cpuset.cpus", "");
                    f.put("cpuset.mems", "");
                }
                case "pids" -> f.put("pids.max", "max");
                default -> { }
            }
        }
        return f;
    }

    static void populate(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : files.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mount roots for every hierarchy of {@code layout}, populated as the kernel would. */
    static void populateRoots(CgroupLayout layout) {
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            Map<String, String> files = new LinkedHashMap<>();
            for (String c : h.controllers()) {
                files.putAll(v1Files(c, true));
            }
            populate(h.mountpoint(), files);
        }
        if (layout.unified() != null) {
            populate(layout.unified().mountpoint(), v2Files("cpuset cpu io memory hugetlb pids"));
        }
    }

    /**
     * The named layout ({@link Fixtures#layout}) under {@code tmp} with its roots populated and
     * a v1 cgroup {@code c1} already made in every v1 hierarchy, as the kernel would show it.
     */
    static CgroupLayout withV1Container(String layoutName, Path tmp) throws Exception {
        CgroupLayout layout = Fixtures.layout(layoutName, tmp);
        populateRoots(layout);
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            populateV1(h.mountpoint().resolve("c1"), h.controllers().toArray(String[]::new));
        }
        return layout;
    }

    /** Populates {@code dir} as a new v1 cgroup of every controller in {@code controllers}. */
    static void populateV1(Path dir, String... controllers) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String c : controllers) {
            files.putAll(v1Files(c, false));
        }
        populate(dir, files);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
