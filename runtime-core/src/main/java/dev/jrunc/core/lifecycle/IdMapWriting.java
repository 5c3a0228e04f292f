package dev.jrunc.core.lifecycle;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.plan.InitPlanCompiler;
import dev.jrunc.core.spec.IdMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How jrunc-init create installs a new user namespace's id maps, decided here (its
 * {@code --uid-map}, {@code --gid-map}, {@code --uid-map-tool}, {@code --gid-map-tool},
 * {@code --deny-setgroups} arguments). Root writes any map itself. A non-root caller may
 * write only a single mapping of its own id, and for gid_map only after denying setgroups
 * (user_namespaces(7)); anything else needs the setuid newuidmap/newgidmap of the uidmap
 * package, which allow what /etc/subuid and /etc/subgid grant the caller.
 */
public final class IdMapWriting {
    /** Where the uidmap package installs its tools when PATH is unset or lacks them. */
    private static final List<String> FALLBACK_DIRS = List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin");

    private IdMapWriting() {
    }

    /** The arguments for jrunc-init create. */
    public static List<String> args(List<IdMapping> uids, List<IdMapping> gids, Credentials caller,
                                    Map<String, String> env) {
        return args(uids, gids, caller, env, "newuidmap", "newgidmap");
    }

    static List<String> args(List<IdMapping> uids, List<IdMapping> gids, Credentials caller,
                             Map<String, String> env, String uidTool, String gidTool) {
        List<String> args = new ArrayList<>(List.of("--uid-map", InitPlanCompiler.idMap(uids),
                "--gid-map", InitPlanCompiler.idMap(gids)));
        if (caller.uid() == 0) {
            return args;
        }
        if (!ownIdOnly(uids, caller.uid())) {
            args.addAll(List.of("--uid-map-tool", tool(uidTool, "linux.uidMappings", "uid", caller.uid(), env)));
        }
        if (ownIdOnly(gids, caller.gid())) {
            args.add("--deny-setgroups");
        } else {
            args.addAll(List.of("--gid-map-tool", tool(gidTool, "linux.gidMappings", "gid", caller.gid(), env)));
        }
        return args;
    }

    static boolean ownIdOnly(List<IdMapping> mappings, long id) {
        if (mappings == null || mappings.size() != 1) {
            return false;
        }
        IdMapping m = mappings.get(0);
        return m.hostId() != null && m.hostId() == id && m.size() != null && m.size() == 1;
    }

    private static String tool(String name, String field, String kind, long id, Map<String, String> env) {
        List<String> dirs = new ArrayList<>();
        String path = env.get("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        dirs.addAll(FALLBACK_DIRS);
        for (String d : dirs) {
            Path candidate = Path.of(d, name);
            if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new JruncException(field + ": mapping more than your own " + kind + " (" + id + ") needs " + name
                + " (Debian package uidmap) and ranges in /etc/sub" + kind + ", but " + name + " was not found");
    }
}
