package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cgroup directories an exec'd process joins: the container's own, or with
 * {@code --cgroup [ctrl[,ctrl]:]path} an existing sub-cgroup of them (runc's syntax: a path
 * without controllers applies to every hierarchy; repeatable with different controllers).
 */
final class ExecCgroups {
    private ExecCgroups() {
    }

    /**
     * @param paths the container's hierarchy name → directory, as state.json records it
     * @return one directory per hierarchy, each to receive the pid
     */
    static List<String> dirs(Map<String, String> paths, List<String> cgroupFlags, boolean checkExists) {
        Map<String, String> subs = new HashMap<>();
        for (String flag : cgroupFlags) {
            int colon = flag.indexOf(':');
            String sub = colon < 0 ? flag : flag.substring(colon + 1);
            List<String> controllers = colon < 0 ? List.of("") : List.of(flag.substring(0, colon).split(",", -1));
            String clean = clean(flag, sub);
            for (String c : controllers) {
                if (colon >= 0 && (c.isEmpty() || !paths.containsKey(c))) {
                    throw new JruncException("--cgroup " + flag + ": controller \"" + c + "\" is not among the container's cgroups");
                }
                if (subs.put(c, clean) != null) {
                    throw new JruncException("--cgroup " + flag + ": " + (c.isEmpty() ? "a path" : "controller " + c)
                            + " given twice");
                }
            }
        }
        // Co-mounted controllers share a directory: a sub-path for any of them moves it.
        Map<String, String> byDir = new LinkedHashMap<>();
        paths.forEach((name, dir) -> {
            String sub = subs.containsKey(name) ? subs.get(name) : subs.get("");
            if (sub != null || !byDir.containsKey(dir)) {
                byDir.put(dir, sub == null ? dir : dir + "/" + sub);
            }
        });
        List<String> result = new ArrayList<>(byDir.values());
        if (checkExists && !cgroupFlags.isEmpty()) {
            for (String d : result) {
                if (!Files.isDirectory(Path.of(d))) {
                    throw new JruncException("--cgroup: cgroup " + d + " does not exist");
                }
            }
        }
        return result;
    }

    /** A path below the container's cgroup: leading slashes dropped, no ".." anywhere. */
    private static String clean(String flag, String sub) {
        List<String> parts = new ArrayList<>();
        for (String p : sub.split("/")) {
            if (p.equals("..")) {
                throw new JruncException("--cgroup " + flag + ": the path must stay below the container's cgroup");
            }
            if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        if (parts.isEmpty()) {
            throw new JruncException("--cgroup " + flag + ": empty cgroup path");
        }
        return String.join("/", parts);
    }
}
