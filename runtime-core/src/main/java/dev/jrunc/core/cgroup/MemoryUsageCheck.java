package dev.jrunc.core.cgroup;

/**
 * {@code memory.checkBeforeUpdate}: refuse a limit below what the container already uses,
 * instead of letting the kernel reclaim or OOM-kill to get there (runc's words).
 */
final class MemoryUsageCheck {
    private MemoryUsageCheck() {
    }

    static void requireBelow(long limit, String usageText, String peakText) throws CgroupException {
        if (limit < 0 || usageText == null) {
            return;
        }
        long usage = V1ResourceWriter.parseUnsigned(usageText, "memory usage");
        if (Long.compareUnsigned(limit, usage) < 0) {
            String peak = peakText == null ? "unknown" : peakText;
            throw new CgroupException("linux.resources.memory.checkBeforeUpdate: unable to set memory limit to "
                    + limit + " (current usage: " + usage + ", peak usage: " + peak + ")");
        }
    }
}
