package dev.jrunc.core.lifecycle;

import dev.jrunc.core.cgroup.CgroupLayout;
import dev.jrunc.core.cgroup.CgroupManager;
import dev.jrunc.core.plan.CgroupView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The container's cgroup directories, named as the hierarchies are mounted on the host. */
final class CgroupViews {
    private CgroupViews() {
    }

    static CgroupView of(CgroupLayout layout, Map<String, String> paths) {
        if (paths.isEmpty()) {
            // No cgroup of its own (rootless, NoCgroup): a cgroup2 mount would fail in the
            // user namespace and a bind would expose the caller's; InitPlanCompiler masks it.
            return new CgroupView(false, List.of());
        }
        if (layout.mode() == CgroupLayout.Mode.V2) {
            return new CgroupView(true, List.of());
        }
        List<CgroupView.Hierarchy> hierarchies = new ArrayList<>();
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            String dir = paths.get(h.controllers().get(0));
            if (dir != null) {
                hierarchies.add(new CgroupView.Hierarchy(h.mountpoint().getFileName().toString(), Path.of(dir)));
            }
        }
        String unified = paths.get(CgroupManager.UNIFIED);
        if (unified != null && layout.unified() != null) {
            hierarchies.add(new CgroupView.Hierarchy(layout.unified().mountpoint().getFileName().toString(),
                    Path.of(unified)));
        }
        return new CgroupView(false, hierarchies);
    }
}
