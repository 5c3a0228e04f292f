package dev.jrunc.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** What the host sees: processes, mounts, cgroups, namespaces. Read straight from /proc and /sys. */
public final class Host {
    public static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private Host() {
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static boolean isRoot() {
        return status("self", "Uid:").map(s -> s.split("\\s+")[0].equals("0")).orElse(false);
    }

    static Optional<String> status(String pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (l.startsWith(key)) {
                    return Optional.of(l.substring(key.length()).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static void chmod(Path p, String perms) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String readFile(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code readlink /proc/<pid>/ns/<type>}, e.g. {@code net:[4026531840]}. */
    public static String nsLink(String pid, String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", type)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)))
                && !status(Long.toString(pid), "State:").orElse("Z").startsWith("Z");
    }

    /** A line of /proc/self/mountinfo, split into its fields. */
    public record MountInfo(String mountPoint, String mountOptions, String optionalFields, String fsType,
                            String source, String superOptions, String line) {
        static MountInfo parse(String line) {
            String[] halves = line.split(" - ", 2);
            String[] a = halves[0].split(" ");
            String[] b = halves[1].split(" ");
            StringBuilder opt = new StringBuilder();
            for (int i = 6; i < a.length; i++) {
                opt.append(i > 6 ? " " : "").append(a[i]);
            }
            return new MountInfo(unescape(a[4]), a[5], opt.toString(), b[0], b.length > 1 ? b[1] : "",
                    b.length > 2 ? b[2] : "", line);
        }

        public List<String> options() {
            return List.of(mountOptions.split(","));
        }

        public List<String> superOpts() {
            return List.of(superOptions.split(","));
        }
    }

    static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    public static List<MountInfo> parseMountInfo(String text) {
        return text.lines().filter(l -> l.contains(" - ")).map(MountInfo::parse).toList();
    }

    public static List<MountInfo> mounts() {
        return parseMountInfo(readFile(Path.of("/proc/self/mountinfo")));
    }

    /** Mount points (in the test's own mount namespace) whose path contains {@code fragment}. */
    public static List<String> mountsMentioning(String fragment) {
        return mounts().stream().map(MountInfo::mountPoint).filter(m -> m.contains(fragment)).toList();
    }

    /** Unmounts (lazily) every mount whose point contains {@code fragment}, deepest first. */
    public static void unmountAll(String fragment) {
        for (int round = 0; round < 5; round++) {
            List<String> ms = new ArrayList<>(mountsMentioning(fragment));
            if (ms.isEmpty()) {
                return;
            }
            ms.sort(Comparator.comparingInt(String::length).reversed());
            for (String m : ms) {
                command(List.of("umount", "-l", m));
            }
        }
    }

    /** Runs a host command, returns exit code and combined output. */
    public static Map.Entry<Integer, String> command(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes());
            return Map.entry(p.waitFor(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Live processes (not zombies) related to a test: root directory or command line under
     * {@code dir}, or a cgroup path containing one of {@code ids}.
     */
    public static Map<Long, String> processesMentioning(String dir, List<String> ids) {
        Map<Long, String> found = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> ps = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) ps::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String root = "";
                    try {
                        root = Files.readSymbolicLink(p.resolve("root")).toString();
                    } catch (IOException ignored) {
                        // zombie or gone
                    }
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String cgroup = Files.readString(p.resolve("cgroup"));
                    boolean hit = root.startsWith(dir) || cmdline.contains(dir)
                            || ids.stream().anyMatch(id -> cgroup.contains(id));
                    if (hit && alive(Long.parseLong(name))) {
                        found.put(Long.parseLong(name), cmdline.trim() + " (root " + root + ")");
                    }
                } catch (IOException ignored) {
                    // the process went away while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Cgroup directories (any hierarchy under /sys/fs/cgroup) whose name contains one of {@code ids}. */
    public static List<Path> cgroupDirsMentioning(List<String> ids) {
        List<Path> found = new ArrayList<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (Stream<Path> hier = Files.list(CGROUP_ROOT)) {
            for (Path h : (Iterable<Path>) hier::iterator) {
                if (!Files.isDirectory(h)) {
                    continue;
                }
                // Other tests (and other runtimes on the machine) make and remove cgroups all
                // the time: a directory that vanishes during the walk is skipped, never the
                // rest of the hierarchy, or a leftover there would go unseen.
                Files.walkFileTree(h, EnumSet.noneOf(FileVisitOption.class), 12,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path d,
                                    BasicFileAttributes attrs) {
                                Path name = d.getFileName();
                                if (name != null && ids.stream().anyMatch(id -> name.toString().contains(id))) {
                                    found.add(d);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path f, IOException e) {
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                                return FileVisitResult.CONTINUE;
                            }
                        });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * The v1 (or v2 when {@code controller} is empty) cgroup directory of {@code pid} for a
     * controller, from {@code /proc/<pid>/cgroup} and the host's cgroup mounts.
     */
    public static Path cgroupDir(long pid, String controller) {
        String text = readFile(Path.of("/proc", Long.toString(pid), "cgroup"));
        for (String line : text.lines().toList()) {
            String[] f = line.split(":", 3);
            boolean match = controller.isEmpty() ? f[0].equals("0") && f[1].isEmpty()
                    : List.of(f[1].split(",")).contains(controller);
            if (match) {
                Path mp = cgroupMountPoint(controller);
                return Path.of(mp.toString(), f[2]);
            }
        }
        throw new AssertionError("no " + (controller.isEmpty() ? "cgroup2" : controller) + " line in /proc/" + pid
                + "/cgroup:\n" + text);
    }

    static Path cgroupMountPoint(String controller) {
        for (MountInfo m : mounts()) {
            if (controller.isEmpty() && m.fsType().equals("cgroup2")) {
                return Path.of(m.mountPoint());
            }
            if (m.fsType().equals("cgroup") && m.superOpts().contains(controller)) {
                return Path.of(m.mountPoint());
            }
        }
        throw new AssertionError("controller " + controller + " is not mounted on the host");
    }

    /** Removes a directory tree without following symlinks; refuses if something is mounted inside. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!mountsMentioning(dir.toString()).isEmpty()) {
            throw new AssertionError("refusing to remove " + dir + ": still mounted " + mountsMentioning(dir.toString()));
        }
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
