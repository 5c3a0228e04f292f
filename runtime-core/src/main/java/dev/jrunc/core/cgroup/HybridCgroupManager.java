package dev.jrunc.core.cgroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * v1 controllers plus the cgroup2 hierarchy mounted beside them. Limits go to v1 only;
 * the process also joins the cgroup2 side so that tools reading it (systemd, BPF
 * programs keyed on the v2 cgroup) see the container as a unit, as runc does.
 */
public final class HybridCgroupManager implements CgroupManager {
    private final CgroupV1Manager v1;
    private final CgroupV2Manager unified;

    HybridCgroupManager(CgroupV1Manager v1, CgroupV2Manager unified) {
        this.v1 = v1;
        this.unified = unified;
    }

    @Override
    public void create() throws CgroupException {
        // Check both sides before making anything, so a refusal leaves no trace.
        CgroupDirs.requireNoProcesses(pids());
        v1.createDirs();
        try {
            unified.createDirs();
        } catch (CgroupException e) {
            try {
                v1.destroy();
            } catch (CgroupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public void addProcess(int pid) throws CgroupException {
        v1.addProcess(pid);
        unified.addProcess(pid);
    }

    @Override
    public void apply(CgroupResources resources) throws CgroupException {
        v1.apply(resources.withUnified(null));
        // Raw v2 keys can only mean the cgroup2 side; it holds no controllers runc delegates
        // to, so only its core files (cgroup.max.depth, ...) exist there.
        V2ResourceWriter.applyUnified(unified.dir(), resources.unified());
    }

    @Override
    public Map<String, Object> stats() throws CgroupException {
        return v1.stats();
    }

    /** The v1 side, where the limits and counters live. */
    public CgroupV1Manager v1() {
        return v1;
    }

    @Override
    public void freeze() throws CgroupException {
        v1.freeze();
    }

    @Override
    public void thaw() throws CgroupException {
        v1.thaw();
    }

    @Override
    public void applyDeviceRules(List<DeviceRule> rules) throws CgroupException {
        v1.applyDeviceRules(rules);
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        SortedSet<Integer> all = new TreeSet<>(v1.pids());
        all.addAll(unified.pids());
        return List.copyOf(all);
    }

    @Override
    public boolean isFrozen() throws CgroupException {
        return v1.isFrozen();
    }

    @Override
    public void destroy() throws CgroupException {
        CgroupException first = null;
        try {
            v1.destroy();
        } catch (CgroupException e) {
            first = e;
        }
        try {
            unified.destroy();
        } catch (CgroupException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public Map<String, String> paths() {
        Map<String, String> out = new LinkedHashMap<>(v1.paths());
        out.putAll(unified.paths());
        return out;
    }
}
