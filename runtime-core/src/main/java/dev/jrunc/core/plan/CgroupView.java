package dev.jrunc.core.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@code cgroup} mount in config.json shows inside the container: on a cgroup2-only
 * host a cgroup2 mount (rooted at the container's cgroup by its cgroup namespace); otherwise,
 * as runc does for v1, a tmpfs holding one directory per hierarchy, each a bind of the
 * container's own cgroup directory in that hierarchy.
 *
 * @param unifiedOnly the host has only the cgroup2 hierarchy
 * @param hierarchies name under the mount (the host mountpoint's name, e.g. "cpu,cpuacct")
 *                    and the container's cgroup directory in that hierarchy
 */
public record CgroupView(boolean unifiedOnly, List<Hierarchy> hierarchies) {

    public record Hierarchy(String name, Path containerDir) {
    }

    public CgroupView {
        hierarchies = List.copyOf(hierarchies);
    }

    public static CgroupView none() {
        return new CgroupView(false, List.of());
    }
}
