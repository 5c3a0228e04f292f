package dev.jrunc.core.cgroup;

import dev.jrunc.linux.Bpf;
import dev.jrunc.linux.NativeException;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** cgroup v2: a single directory in the unified hierarchy. */
public final class CgroupV2Manager implements CgroupManager {
    private final Path dir;
    private final boolean delegateControllers;
    private final List<Path> created = new ArrayList<>();

    /**
     * @param delegateControllers enable controllers in the ancestors' subtree_control;
     *                            false for the cgroup2 side of a hybrid host, which runc
     *                            only joins
     */
    CgroupV2Manager(Path dir, boolean delegateControllers) {
        this.dir = dir;
        this.delegateControllers = delegateControllers;
    }

    @Override
    public void create() throws CgroupException {
        CgroupDirs.requireNoProcesses(pids());
        createDirs();
    }

    void createDirs() throws CgroupException {
        try {
            CgroupDirs.mkdirs(dir, created);
            if (delegateControllers) {
                enableControllersAbove(dir);
            }
        } catch (CgroupException e) {
            CgroupDirs.removeCreatedParents(created);
            created.clear();
            throw e;
        }
    }

    /**
     * A v2 controller's files appear in a cgroup only when every ancestor lists it in
     * cgroup.subtree_control, and each level may only enable what its parent passed down,
     * so walk from the hierarchy root down to the container's parent. Like runc
     * (fs2/create.go CreateCgroupPath) we enable everything available and ignore refusals
     * (e.g. EBUSY from the no-internal-processes rule): a limit that then cannot be set
     * fails in apply() with the missing file named.
     */
    private static void enableControllersAbove(Path leaf) throws CgroupException {
        Deque<Path> ancestors = new ArrayDeque<>();
        for (Path p = leaf.getParent(); p != null && CgroupFiles.exists(p, "cgroup.controllers"); p = p.getParent()) {
            ancestors.push(p);
        }
        for (Path ancestor : ancestors) {
            Set<String> enabled = words(CgroupFiles.read(ancestor, "cgroup.subtree_control"));
            List<String> missing = new ArrayList<>();
            for (String controller : words(CgroupFiles.read(ancestor, "cgroup.controllers"))) {
                if (!enabled.contains(controller)) {
                    missing.add("+" + controller);
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            try {
                // One write enables them all at once, or none: the kernel stops at the first refusal.
                CgroupFiles.write(ancestor, "cgroup.subtree_control", String.join(" ", missing));
            } catch (CgroupException refusedAll) {
                for (String one : missing) {
                    try {
                        CgroupFiles.write(ancestor, "cgroup.subtree_control", one);
                    } catch (CgroupException refused) {
                        // See above: reported later, by apply(), if it matters.
                    }
                }
            }
        }
    }

    private static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (!s.isBlank()) {
            out.addAll(Arrays.asList(s.strip().split("\\s+")));
        }
        return out;
    }

    @Override
    public void addProcess(int pid) throws CgroupException {
        CgroupFiles.addPid(dir, pid);
    }

    @Override
    public void apply(CgroupResources resources) throws CgroupException {
        new V2ResourceWriter(dir).apply(resources);
    }

    @Override
    public void applyDeviceRules(List<DeviceRule> rules) throws CgroupException {
        if (rules.isEmpty()) {
            return;
        }
        try {
            Bpf.attachDeviceProgram(dir.toString(), DeviceFilterProgram.build(rules));
        } catch (NativeException e) {
            throw new CgroupException("linux.resources.devices: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        return List.copyOf(CgroupDirs.pidsRecursive(dir));
    }

    @Override
    public boolean isFrozen() throws CgroupException {
        // cgroup.freeze is the request, cgroup.events "frozen" the result; either set means
        // the container is (being) paused. The root cgroup has neither file.
        if ("1".equals(CgroupFiles.readIfPresent(dir, "cgroup.freeze"))) {
            return true;
        }
        String events = CgroupFiles.readIfPresent(dir, "cgroup.events");
        return events != null && events.lines().anyMatch(l -> l.strip().equals("frozen 1"));
    }

    @Override
    public Map<String, Object> stats() throws CgroupException {
        return new V2Stats(dir).read();
    }

    @Override
    public void freeze() throws CgroupException {
        Freezer.freezeV2(dir);
    }

    @Override
    public void thaw() throws CgroupException {
        Freezer.thawV2(dir);
    }

    /** The container's directory in the unified hierarchy. */
    public Path dir() {
        return dir;
    }

    @Override
    public void destroy() throws CgroupException {
        CgroupDirs.removeTree(dir);
        CgroupDirs.removeCreatedParents(created);
        created.clear();
    }

    @Override
    public Map<String, String> paths() {
        return Map.of(UNIFIED, dir.toString());
    }
}
