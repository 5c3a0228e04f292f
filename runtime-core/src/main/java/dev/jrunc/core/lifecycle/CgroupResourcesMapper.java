package dev.jrunc.core.lifecycle;

import dev.jrunc.core.cgroup.CgroupResources;
import dev.jrunc.core.spec.Spec;

/** config.json's linux.resources → the limits the cgroup managers apply. */
final class CgroupResourcesMapper {
    private CgroupResourcesMapper() {
    }

    static CgroupResources from(Spec spec) {
        return CgroupResources.of(spec.linux() == null ? null : spec.linux().resources());
    }
}
