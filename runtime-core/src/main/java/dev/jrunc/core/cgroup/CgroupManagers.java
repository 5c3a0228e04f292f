package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Chooses and builds the {@link CgroupManager} implementation. */
final class CgroupManagers {
    private CgroupManagers() {}

    static CgroupManager forContainer(CgroupLayout layout, CgroupPath path) throws CgroupException {
        return switch (layout.mode()) {
            case V1 -> new CgroupV1Manager(v1Dirs(layout, path));
            case V2 -> new CgroupV2Manager(path.v2Dir(layout.unified()), true);
            // runc's fs driver also joins the cgroup2 hierarchy in hybrid mode (its "" pseudo
            // subsystem) but sets nothing there, so controllers are not delegated to it.
            case HYBRID -> new HybridCgroupManager(new CgroupV1Manager(v1Dirs(layout, path)),
                    new CgroupV2Manager(path.hybridUnifiedDir(layout.unified()), false));
        };
    }

    private static Map<String, Path> v1Dirs(CgroupLayout layout, CgroupPath path) throws CgroupException {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            Path dir = path.v1Dir(h);
            for (String controller : h.controllers()) {
                dirs.put(controller, dir);
            }
        }
        return dirs;
    }

    static CgroupManager fromPaths(Map<String, String> paths) throws CgroupException {
        if (paths == null) {
            throw new CgroupException("no cgroup paths recorded for the container");
        }
        if (paths.isEmpty()) {
            // A rootless container that could not create a cgroup (NoCgroup) records none.
            return new NoCgroup();
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path unified = null;
        for (Map.Entry<String, String> e : paths.entrySet()) {
            Path dir = Path.of(e.getValue());
            if (!dir.isAbsolute() || !dir.normalize().equals(dir)) {
                throw new CgroupException("recorded cgroup path for " + e.getKey() + " is not absolute and clean: "
                        + e.getValue());
            }
            if (e.getKey().equals(CgroupManager.UNIFIED)) {
                unified = dir;
            } else {
                v1.put(e.getKey(), dir);
            }
        }
        if (v1.isEmpty()) {
            return new CgroupV2Manager(unified, true);
        }
        CgroupV1Manager v1Manager = new CgroupV1Manager(v1);
        return unified == null ? v1Manager : new HybridCgroupManager(v1Manager, new CgroupV2Manager(unified, false));
    }
}
