package dev.jrunc.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An unprivileged user made for one test with {@code useradd} (unique name, home under the
 * test dir, a subordinate id range for newuidmap/newgidmap) and removed again with everything
 * it owns: its processes (also those running under its subordinate ids), its home, and its
 * /etc/subuid and /etc/subgid lines.
 *
 * @param name      login name
 * @param uid       its uid (= its primary gid's number is {@code gid})
 * @param subStart  first subordinate uid and gid (the same range in both files)
 * @param subCount  size of the range
 */
public record RootlessUser(String name, long uid, long gid, Path home, long subStart, long subCount) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SUB_COUNT = 65536;

    public static RootlessUser create(Path testDir) {
        String name = "jrct" + HexFormat.of().formatHex(RANDOM.generateSeed(5));
        Path home = testDir.resolve("home-" + name);
        run(List.of("useradd", "--create-home", "--home-dir", home.toString(), "--shell", "/bin/sh",
                "--user-group", name));
        long uid = Long.parseLong(run(List.of("id", "-u", name)).strip());
        long gid = Long.parseLong(run(List.of("id", "-g", name)).strip());
        long[] sub = subRange(Path.of("/etc/subuid"), name);
        if (sub == null) {
            // This useradd was not configured to hand out subordinate ids: take a free range.
            long start = freeSubStart();
            String range = start + "-" + (start + SUB_COUNT - 1);
            run(List.of("usermod", "--add-subuids", range, "--add-subgids", range, name));
            sub = new long[] {start, SUB_COUNT};
        } else if (subRange(Path.of("/etc/subgid"), name) == null) {
            String range = sub[0] + "-" + (sub[0] + sub[1] - 1);
            run(List.of("usermod", "--add-subgids", range, name));
        }
        return new RootlessUser(name, uid, gid, home, sub[0], sub[1]);
    }

    /** argv that runs {@code argv} as this user with a clean environment plus {@code env}. */
    public List<String> as(Map<String, String> env, List<String> argv) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--", "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "HOME=" + home,
                "USER=" + name, "LOGNAME=" + name));
        env.forEach((k, v) -> full.add(k + "=" + v));
        full.addAll(argv);
        return full;
    }

    /** Whether a uid belongs to this user on the host (its own or one of its subordinate ids). */
    public boolean owns(long someUid) {
        return someUid == uid || (someUid >= subStart && someUid < subStart + subCount);
    }

    /** Live processes running as this user or one of its subordinate ids. */
    public List<Long> processes() {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> ps = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) ps::iterator) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Host.status(pid, "Uid:").ifPresent(line -> {
                    long real = Long.parseLong(line.trim().split("\\s+")[0]);
                    if (owns(real) && Host.alive(Long.parseLong(pid))) {
                        found.add(Long.parseLong(pid));
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * Kills what is left of the user's processes (by pid), deletes the user with its home and
     * makes sure no subordinate id line of it remains. Returns what had to be killed.
     */
    public List<Long> remove() {
        List<Long> killed = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            List<Long> left = processes();
            if (left.isEmpty()) {
                break;
            }
            killed.addAll(left);
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            Host.sleep(100);
        }
        Host.command(List.of("userdel", "--remove", name));
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            if (subRange(Path.of(file), name) != null) {
                String range = subStart + "-" + (subStart + subCount - 1);
                Host.command(List.of("usermod", file.endsWith("uid") ? "--del-subuids" : "--del-subgids", range, name));
            }
        }
        Host.deleteTree(home);
        return killed;
    }

    /** Whether /etc/passwd, /etc/subuid or /etc/subgid still mention the user. */
    public boolean stillKnown() {
        return Host.command(List.of("id", name)).getKey() == 0 || subRange(Path.of("/etc/subuid"), name) != null
                || subRange(Path.of("/etc/subgid"), name) != null;
    }

    private static long[] subRange(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(":");
                if (f.length == 3 && f[0].equals(name)) {
                    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Above every range handed out so far in either file. */
    private static long freeSubStart() {
        long top = 100000;
        for (String file : List.of("/etc/subuid", "/etc/subgid")) {
            try {
                for (String line : Files.readAllLines(Path.of(file))) {
                    String[] f = line.split(":");
                    if (f.length == 3) {
                        top = Math.max(top, Long.parseLong(f[1]) + Long.parseLong(f[2]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no file yet: start at the conventional 100000
            }
        }
        return top;
    }

    private static String run(List<String> argv) {
        Map.Entry<Integer, String> r = Host.command(argv);
        if (r.getKey() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (" + r.getKey() + "): " + r.getValue());
        }
        return r.getValue();
    }
}
