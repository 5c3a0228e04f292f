package dev.jrunc.core.cgroup;

/** The OCI (v1-shaped) to cgroup v2 value conversions runc performs. */
public final class CgroupConversions {
    private CgroupConversions() {}

    /**
     * cpu.shares (v1, 2..262144, default 1024) to cpu.weight (v2, 1..10000, default 100).
     *
     * <p>runc 1.3.2+ (opencontainers/cgroups utils.go ConvertCPUSharesToCgroupV2Value)
     * replaced the old linear map {@code 1 + (s-2)*9999/262142}, which sent the v1
     * default 1024 to 39 instead of 100, with a quadratic in log2(shares) through the three
     * points (2,1), (1024,100), (262144,10000): with l = log2(s),
     * weight = ceil(10^((l^2 + 125 l)/612 - 7/34)). 0 stays 0, meaning "unset".
     */
    public static long cpuSharesToWeight(long shares) {
        if (shares == 0) {
            return 0;
        }
        if (shares <= 2) {
            return 1;
        }
        if (shares >= 262144) {
            return 10000;
        }
        double l = log2(shares);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (long) Math.ceil(StrictMath.pow(10, exponent));
    }

    /**
     * log2 computed the way Go's math.Log2 does (split into mantissa and exponent), which
     * is exact for powers of two. ceil() above would otherwise turn a rounding error at
     * 1024 shares (exactly 10^2) into weight 101 instead of runc's 100.
     */
    static double log2(long value) {
        double x = value;
        int exp = Math.getExponent(x) + 1;
        double frac = Math.scalb(x, -exp);
        if (frac == 0.5) {
            return exp - 1;
        }
        return StrictMath.log(frac) * (1 / LN2) + exp;
    }

    private static final double LN2 = 0.693147180559945309417232121458176568;

    /**
     * OCI memory.swap is memory+swap; v2 memory.swap.max is swap alone, so runc subtracts
     * (utils.go ConvertMemorySwapToCgroupV2Value). 0 means unset and -1 unlimited.
     */
    public static long swapToV2(long memorySwap, long memory) throws CgroupException {
        if (memory == -1 && memorySwap == 0) {
            // Unlimited memory with no swap given means "both unlimited", as v1 behaves.
            return -1;
        }
        if (memorySwap == -1 || memorySwap == 0) {
            return memorySwap;
        }
        if (memory == -1) {
            return memorySwap;
        }
        if (memory == 0) {
            throw new CgroupException("unable to set swap limit without memory limit");
        }
        if (memory < 0) {
            throw new CgroupException("invalid memory value: " + memory);
        }
        if (memorySwap < memory) {
            throw new CgroupException("memory+swap limit should be >= memory limit");
        }
        return memorySwap - memory;
    }

    /**
     * blkio.weight (10..1000) to io.weight (1..10000), runc's linear map
     * (utils.go ConvertBlkIOToIOWeightValue): 10 goes to 1, 1000 to 10000; 0 stays unset.
     */
    public static long blkioWeightToIoWeight(long blkioWeight) {
        if (blkioWeight == 0) {
            return 0;
        }
        return 1 + (blkioWeight - 10) * 9999 / 990;
    }
}
