package dev.jrunc.core.cgroup;

import java.util.List;
import java.util.Map;

/**
 * The "cgroup" of a rootless container whose caller may not create one (no delegated
 * cgroup, as on any host without systemd): the container runs in its caller's cgroups.
 * As runc's rootless fs driver: nothing to create, join or remove, device rules are not
 * enforced (the devices controller cannot be used without privilege anyway), and a limit
 * the config asks for fails with runc's words, since silently not applying it would lie.
 */
public final class NoCgroup implements CgroupManager {
    /** runc's words (libcontainer/cgroups/fs Set), which scripts and tests match. */
    private static final V1ResourceWriter.MissingController NO_CGROUP = (controller, field) ->
            new CgroupException("cannot set " + controller + " limit: container could not join or create cgroup");

    @Override
    public void create() {
    }

    @Override
    public void addProcess(int pid) {
    }

    @Override
    public void apply(CgroupResources resources) throws CgroupException {
        new V1ResourceWriter(Map.of(), NO_CGROUP).apply(resources);
    }

    @Override
    public void applyDeviceRules(List<DeviceRule> rules) {
        // runc ignores the devices controller's errors when rootless: there is none to write.
    }

    @Override
    public List<Integer> pids() throws CgroupException {
        throw notConfigured();
    }

    @Override
    public boolean isFrozen() {
        return false;
    }

    @Override
    public Map<String, Object> stats() throws CgroupException {
        throw notConfigured();
    }

    @Override
    public void freeze() throws CgroupException {
        throw new CgroupException("cannot toggle freezer: cgroups not configured for container");
    }

    @Override
    public void thaw() throws CgroupException {
        throw new CgroupException("cannot toggle freezer: cgroups not configured for container");
    }

    @Override
    public void destroy() {
    }

    @Override
    public Map<String, String> paths() {
        return Map.of();
    }

    private static CgroupException notConfigured() {
        return new CgroupException("cgroups not configured for container (rootless without a delegated cgroup)");
    }
}
