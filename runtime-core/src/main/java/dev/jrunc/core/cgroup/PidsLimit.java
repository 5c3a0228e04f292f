package dev.jrunc.core.cgroup;

/** pids.max text for an OCI pids.limit; the file and format are the same in v1 and v2. */
final class PidsLimit {
    private PidsLimit() {}

    /**
     * Positive: as is. Negative: "max". Zero: "1" — since runc 1.4.0 (CHANGELOG "Breaking",
     * opencontainers/cgroups#48) 0 is a real limit, and because systemd cannot express
     * TasksMax=0 both runc drivers write 1 so they agree (fs/pids.go, fs2/pids.go).
     */
    static String format(long limit) {
        if (limit > 0) {
            return Long.toString(limit);
        }
        return limit == 0 ? "1" : "max";
    }
}
