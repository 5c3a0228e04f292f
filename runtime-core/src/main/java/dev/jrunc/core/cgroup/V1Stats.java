package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The v1 counters in the layout of runc's {@code events} "data" (types/events.go): cpu,
 * cpuset, memory, pids, blkio, hugetlb, intel_rdt, network_interfaces, with Go's omitempty
 * where runc has it.
 */
final class V1Stats {
    /** cpuacct.stat counts USER_HZ ticks; runc reports nanoseconds. */
    private static final long NANOS_PER_TICK = 10_000_000;

    private final Map<String, Path> dirs;

    V1Stats(Map<String, Path> dirs) {
        this.dirs = dirs;
    }

    Map<String, Object> read() throws CgroupException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", cpu());
        data.put("cpuset", cpuset());
        data.put("memory", memory());
        data.put("pids", pids(dirs.get("pids")));
        data.put("blkio", blkio());
        data.put("hugetlb", hugetlb());
        data.put("intel_rdt", Map.of());
        data.put("network_interfaces", null);
        return data;
    }

    private Map<String, Object> cpu() throws CgroupException {
        Path acct = dirs.get("cpuacct");
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total", StatFiles.number(acct, "cpuacct.usage"));
        putList(usage, "percpu", StatFiles.numbers(acct, "cpuacct.usage_percpu"));
        List<Number> kernel = new ArrayList<>();
        List<Number> user = new ArrayList<>();
        String all = acct == null ? null : CgroupFiles.readIfPresent(acct, "cpuacct.usage_all");
        if (all != null) {
            for (String line : all.lines().skip(1).toList()) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 3) {
                    user.add(StatFiles.number(f[1]));
                    kernel.add(StatFiles.number(f[2]));
                }
            }
        }
        putList(usage, "percpu_kernel", kernel);
        putList(usage, "percpu_user", user);
        Map<String, Number> stat = StatFiles.keyed(acct, "cpuacct.stat");
        usage.put("kernel", stat.getOrDefault("system", 0L).longValue() * NANOS_PER_TICK);
        usage.put("user", stat.getOrDefault("user", 0L).longValue() * NANOS_PER_TICK);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", usage);
        cpu.put("throttling", throttling(StatFiles.keyed(dirs.get("cpu"), "cpu.stat"), "nr_periods", "nr_throttled",
                "throttled_time"));
        return cpu;
    }

    static Map<String, Object> throttling(Map<String, Number> stat, String periods, String throttled, String time) {
        Map<String, Object> t = new LinkedHashMap<>();
        putNonZero(t, "periods", stat.get(periods));
        putNonZero(t, "throttled_periods", stat.get(throttled));
        putNonZero(t, "throttled_time", stat.get(time));
        return t;
    }

    private Map<String, Object> cpuset() throws CgroupException {
        Path dir = dirs.get("cpuset");
        Map<String, Object> c = new LinkedHashMap<>();
        if (dir == null) {
            return c;
        }
        putList(c, "cpus", StatFiles.cpuList(dir, "cpuset.cpus"));
        c.put("cpu_exclusive", StatFiles.number(dir, "cpuset.cpu_exclusive"));
        putList(c, "mems", StatFiles.cpuList(dir, "cpuset.mems"));
        for (String f : List.of("mem_hardwall", "mem_exclusive", "memory_migrate", "memory_spread_page",
                "memory_spread_slab", "memory_pressure", "sched_load_balance", "sched_relax_domain_level")) {
            c.put(f, StatFiles.number(dir, "cpuset." + f));
        }
        return c;
    }

    private Map<String, Object> memory() throws CgroupException {
        Path dir = dirs.get("memory");
        Map<String, Object> m = new LinkedHashMap<>();
        if (dir == null) {
            return m;
        }
        Map<String, Number> raw = StatFiles.keyed(dir, "memory.stat");
        putNonZero(m, "cache", raw.get("cache"));
        m.put("usage", entry(dir, "memory."));
        m.put("swap", entry(dir, "memory.memsw."));
        m.put("kernel", entry(dir, "memory.kmem."));
        m.put("kernelTCP", entry(dir, "memory.kmem.tcp."));
        m.put("raw", raw);
        return m;
    }

    /** runc's MemoryEntry: limit, usage and max omitted when zero, failcnt always. */
    private static Map<String, Object> entry(Path dir, String prefix) throws CgroupException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("limit", StatFiles.number(dir, prefix + "limit_in_bytes"));
        putNonZero(e, "usage", StatFiles.number(dir, prefix + "usage_in_bytes"));
        putNonZero(e, "max", StatFiles.number(dir, prefix + "max_usage_in_bytes"));
        e.put("failcnt", StatFiles.number(dir, prefix + "failcnt"));
        return e;
    }

    static Map<String, Object> pids(Path dir) throws CgroupException {
        Map<String, Object> p = new LinkedHashMap<>();
        if (dir == null) {
            return p;
        }
        putNonZero(p, "current", StatFiles.number(dir, "pids.current"));
        String max = CgroupFiles.readIfPresent(dir, "pids.max");
        if (max != null && !max.equals("max")) {
            putNonZero(p, "limit", StatFiles.number(max));
        }
        return p;
    }

    private Map<String, Object> blkio() throws CgroupException {
        Path dir = dirs.get("blkio");
        Map<String, Object> b = new LinkedHashMap<>();
        if (dir == null) {
            return b;
        }
        // runc's order of preference: BFQ, then CFQ, then the throttle policy's counters.
        String prefix = CgroupFiles.exists(dir, "blkio.bfq.io_service_bytes_recursive") ? "blkio.bfq."
                : CgroupFiles.exists(dir, "blkio.io_service_bytes_recursive") ? "blkio." : "blkio.throttle.";
        putList(b, "ioServiceBytesRecursive", StatFiles.blkioEntries(dir, prefix + "io_service_bytes_recursive"));
        putList(b, "ioServicedRecursive", StatFiles.blkioEntries(dir, prefix + "io_serviced_recursive"));
        return b;
    }

    private Map<String, Object> hugetlb() throws CgroupException {
        Path dir = dirs.get("hugetlb");
        Map<String, Object> h = new LinkedHashMap<>();
        if (dir == null) {
            return h;
        }
        for (String size : HugePageSizes.onHost()) {
            Map<String, Object> e = new LinkedHashMap<>();
            putNonZero(e, "usage", StatFiles.number(dir, "hugetlb." + size + ".usage_in_bytes"));
            putNonZero(e, "max", StatFiles.number(dir, "hugetlb." + size + ".max_usage_in_bytes"));
            e.put("failcnt", StatFiles.number(dir, "hugetlb." + size + ".failcnt"));
            h.put(size, e);
        }
        return h;
    }

    static void putNonZero(Map<String, Object> m, String key, Number n) {
        if (n != null && !StatFiles.isZero(n)) {
            m.put(key, n);
        }
    }

    static void putList(Map<String, Object> m, String key, List<?> list) {
        if (!list.isEmpty()) {
            m.put(key, list);
        }
    }
}
