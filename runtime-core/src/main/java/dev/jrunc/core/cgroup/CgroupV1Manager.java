package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** cgroup v1: one directory per mounted hierarchy, co-mounted controllers sharing one. */
public final class CgroupV1Manager implements CgroupManager {
    private final Map<String, Path> dirs;
    /** Directories create() made, top-down; only these (besides the leaves) may be removed. */
    private final List<Path> created = new ArrayList<>();

    /** @param dirs controller name to the container's directory in its hierarchy */
    CgroupV1Manager(Map<String, Path> dirs) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no v1 hierarchy");
        }
        this.dirs = new LinkedHashMap<>(dirs);
    }

    private Set<Path> leaves() {
        return new LinkedHashSet<>(dirs.values());
    }

    @Override
    public void create() throws CgroupException {
        CgroupDirs.requireNoProcesses(pids());
        createDirs();
    }

    /** The directory part of create(), without the emptiness check (see HybridCgroupManager). */
    void createDirs() throws CgroupException {
        try {
            for (Path leaf : leaves()) {
                CgroupDirs.mkdirs(leaf, created);
            }
            Path cpuset = dirs.get("cpuset");
            if (cpuset != null) {
                CpusetInheritance.ensure(cpuset);
            }
        } catch (CgroupException e) {
            // Leave nothing half-made behind: the caller will not call destroy() for a
            // container whose create failed.
            CgroupDirs.removeCreatedParents(created);
            created.clear();
            throw e;
        }
    }

    @Override
    public void addProcess(int pid) throws CgroupException {
        for (Path leaf : leaves()) {
            CgroupFiles.addPid(leaf, pid);
        }
    }

    @Override
    public void apply(CgroupResources resources) throws CgroupException {
        new V1ResourceWriter(dirs).apply(resources);
    }

    @Override
    public void applyDeviceRules(List<DeviceRule> rules) throws CgroupException {
        if (rules.isEmpty()) {
            return;
        }
        Path dir = dirs.get("devices");
        if (dir == null) {
            throw new CgroupException("cannot restrict device access: the devices cgroup controller is not mounted");
        }
        for (DeviceRule rule : rules) {
            CgroupFiles.write(dir, rule.allow() ? "devices.allow" : "devices.deny", rule.v1Line());
        }
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        // A process normally sits in the container's cgroup of every hierarchy; the union
        // still catches one that was moved in only some of them.
        SortedSet<Integer> all = new TreeSet<>();
        for (Path leaf : leaves()) {
            all.addAll(CgroupDirs.pidsRecursive(leaf));
        }
        return List.copyOf(all);
    }

    @Override
    public boolean isFrozen() throws CgroupException {
        Path freezer = dirs.get("freezer");
        if (freezer == null) {
            return false;
        }
        return "FROZEN".equals(CgroupFiles.readIfPresent(freezer, "freezer.state"));
    }

    @Override
    public Map<String, Object> stats() throws CgroupException {
        return new V1Stats(dirs).read();
    }

    /** The container's directory of one v1 controller, or null when it is not mounted. */
    public Path dir(String controller) {
        return dirs.get(controller);
    }

    @Override
    public void freeze() throws CgroupException {
        Freezer.freezeV1(freezerDir());
    }

    @Override
    public void thaw() throws CgroupException {
        Freezer.thawV1(freezerDir());
    }

    private Path freezerDir() throws CgroupException {
        Path dir = dirs.get("freezer");
        if (dir == null) {
            throw new CgroupException("cannot pause or resume: the freezer cgroup controller is not mounted");
        }
        return dir;
    }

    @Override
    public void destroy() throws CgroupException {
        CgroupException first = null;
        for (Path leaf : leaves()) {
            try {
                CgroupDirs.removeTree(leaf);
            } catch (CgroupException e) {
                // Keep going: every other hierarchy should still be cleaned up.
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        CgroupDirs.removeCreatedParents(created);
        created.clear();
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> out = new LinkedHashMap<>();
        dirs.forEach((controller, dir) -> out.put(controller, dir.toString()));
        return out;
    }
}
