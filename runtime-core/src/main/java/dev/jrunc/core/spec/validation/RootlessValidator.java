package dev.jrunc.core.spec.validation;

import dev.jrunc.core.spec.IdMapping;
import dev.jrunc.core.spec.LinuxNamespace;
import dev.jrunc.core.spec.Mount;
import dev.jrunc.core.spec.Spec;

import java.util.List;

import static dev.jrunc.core.spec.validation.Checks.fail;
import static dev.jrunc.core.spec.validation.Checks.isEmpty;

/**
 * What a config run by a non-root caller must satisfy (runc's
 * libcontainer/configs/validate/rootless.go): a user namespace of its own with uid and gid
 * mappings, and no uid=/gid= mount option naming an id the container does not map, which
 * the kernel would refuse later with a less helpful EINVAL.
 */
public final class RootlessValidator {
    private RootlessValidator() {
    }

    public static void validate(Spec spec) {
        if (spec.linux() == null || !hasUserNamespace(spec.linux().namespaces())) {
            throw fail("linux.namespaces", "rootless container requires user namespaces");
        }
        List<IdMapping> uids = spec.linux().uidMappings();
        List<IdMapping> gids = spec.linux().gidMappings();
        if (isEmpty(uids)) {
            throw fail("linux.uidMappings", "rootless containers requires at least one UID mapping");
        }
        if (isEmpty(gids)) {
            throw fail("linux.gidMappings", "rootless containers requires at least one GID mapping");
        }
        List<Mount> mounts = spec.mounts() == null ? List.of() : spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            List<String> options = mounts.get(i).options() == null ? List.of() : mounts.get(i).options();
            for (String option : options) {
                checkIdOption("mounts[" + i + "].options", option, "uid=", uids);
                checkIdOption("mounts[" + i + "].options", option, "gid=", gids);
            }
        }
    }

    private static boolean hasUserNamespace(List<LinuxNamespace> namespaces) {
        return namespaces != null && namespaces.stream().anyMatch(ns -> "user".equals(ns.type()));
    }

    private static void checkIdOption(String field, String option, String prefix, List<IdMapping> mappings) {
        if (!option.startsWith(prefix)) {
            return;
        }
        String what = prefix.substring(0, 3);
        long id;
        try {
            id = Long.parseLong(option.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw fail(field, "cannot specify " + what + "= mount options for unmapped " + what
                    + " in rootless containers");
        }
        for (IdMapping m : mappings) {
            long start = m.containerId() == null ? 0 : m.containerId();
            long size = m.size() == null ? 0 : m.size();
            if (id >= start && id < start + size) {
                return;
            }
        }
        throw fail(field, "cannot specify " + what + "= mount options for unmapped " + what + " in rootless containers");
    }
}
