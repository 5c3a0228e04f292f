package dev.jrunc.core.plan;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.IdMapping;
import dev.jrunc.core.spec.Linux;
import dev.jrunc.core.spec.Mount;
import dev.jrunc.linux.plan.InitPlanWriter;

import java.util.List;

/**
 * Decides the id mapping of one mount (runtime-spec config.md "mounts"): its own
 * {@code uidMappings}/{@code gidMappings} when given, else, with {@code idmap} or {@code ridmap},
 * the container's user-namespace mappings. jrunc-init's stage 0 makes the mapped tree
 * (docs/init-protocol.md, op MOUNT_IDMAP).
 */
final class IdmappedMounts {
    private IdmappedMounts() {
    }

    /** Adds MOUNT_IDMAP after the mount just written, when the mount asks for one. */
    static void add(InitPlanWriter plan, String at, Mount m, MountOptions.Parsed o, boolean bind, Linux linux) {
        boolean ownMaps = !isEmpty(m.uidMappings()) || !isEmpty(m.gidMappings());
        if (!ownMaps && o.idmap() == MountOptions.Idmap.NONE) {
            return;
        }
        if (!bind) {
            // runc's words (libcontainer/configs/validate).
            throw new JruncException(at + ": id-mapped mounts are only supported for bind-mounts");
        }
        List<IdMapping> uids = ownMaps ? m.uidMappings() : linux.uidMappings();
        List<IdMapping> gids = ownMaps ? m.gidMappings() : linux.gidMappings();
        if (isEmpty(uids) || isEmpty(gids)) {
            throw new JruncException(at + ".options: " + (o.idmap() == MountOptions.Idmap.RECURSIVE ? "ridmap" : "idmap")
                    + " without the mount's own uidMappings and gidMappings needs the container's"
                    + " (linux.uidMappings and linux.gidMappings)");
        }
        plan.mountIdmap(o.idmap() == MountOptions.Idmap.RECURSIVE, InitPlanCompiler.idMap(uids),
                InitPlanCompiler.idMap(gids));
    }

    private static boolean isEmpty(List<?> l) {
        return l == null || l.isEmpty();
    }
}
