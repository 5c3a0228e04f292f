package dev.jrunc.core.cgroup;

import java.nio.file.Path;

/**
 * Freezing and thawing: v1 freezer.state, v2 cgroup.freeze. Freezing is asynchronous in
 * both: the request is written, then the state file says when every task has stopped.
 */
final class Freezer {
    /** About 10 s in 1 ms..10 ms steps: a busy cgroup may take a while to settle. */
    private static final int ROUNDS = 1000;

    private Freezer() {
    }

    static void freezeV1(Path dir) throws CgroupException {
        for (int round = 0; round < ROUNDS; round++) {
            // A task forking while the cgroup freezes can leave it in FREEZING for good on
            // v1 (runc works around this the same way): ask again until it is FROZEN.
            CgroupFiles.write(dir, "freezer.state", "FROZEN");
            CgroupDirs.sleep(round < 10 ? 1 : 10);
            String state = CgroupFiles.read(dir, "freezer.state");
            if (state.equals("FROZEN")) {
                return;
            }
            if (round % 50 == 49) {
                // Thawing briefly lets a task stuck in a fork finish, after which it freezes.
                CgroupFiles.write(dir, "freezer.state", "THAWED");
            }
        }
        CgroupFiles.write(dir, "freezer.state", "THAWED");
        throw new CgroupException("unable to freeze the container: freezer.state stayed FREEZING in " + dir);
    }

    static void thawV1(Path dir) throws CgroupException {
        for (int round = 0; round < ROUNDS; round++) {
            CgroupFiles.write(dir, "freezer.state", "THAWED");
            if (CgroupFiles.read(dir, "freezer.state").equals("THAWED")) {
                return;
            }
            CgroupDirs.sleep(1);
        }
        throw new CgroupException("unable to thaw the container: freezer.state did not become THAWED in " + dir);
    }

    static void freezeV2(Path dir) throws CgroupException {
        setV2(dir, "1");
    }

    static void thawV2(Path dir) throws CgroupException {
        setV2(dir, "0");
    }

    private static void setV2(Path dir, String value) throws CgroupException {
        if (!CgroupFiles.exists(dir, "cgroup.freeze")) {
            throw new CgroupException("cannot pause or resume: cgroup.freeze is absent (kernel older than 5.2?) in "
                    + dir);
        }
        CgroupFiles.write(dir, "cgroup.freeze", value);
        String wanted = "frozen " + value;
        for (int round = 0; round < ROUNDS; round++) {
            String events = CgroupFiles.read(dir, "cgroup.events");
            if (events.lines().anyMatch(l -> l.strip().equals(wanted))) {
                return;
            }
            CgroupDirs.sleep(round < 10 ? 1 : 10);
        }
        throw new CgroupException("cgroup.events did not report \"" + wanted + "\" in " + dir);
    }
}
