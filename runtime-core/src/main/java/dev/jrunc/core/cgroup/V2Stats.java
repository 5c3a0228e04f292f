package dev.jrunc.core.cgroup;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cgroup v2 counters in runc's {@code events} layout, converted as runc's fs2 driver does
 * (cpu.stat microseconds to nanoseconds; memory.current/max as "usage", memory.swap.* plus
 * memory as "swap", memory.stat as "raw").
 */
final class V2Stats {
    private final Path dir;

    V2Stats(Path dir) {
        this.dir = dir;
    }

    Map<String, Object> read() throws CgroupException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", cpu());
        data.put("cpuset", cpuset());
        data.put("memory", memory());
        data.put("pids", V1Stats.pids(dir));
        data.put("blkio", io());
        data.put("hugetlb", hugetlb());
        data.put("intel_rdt", Map.of());
        data.put("network_interfaces", null);
        return data;
    }

    private Map<String, Object> cpu() throws CgroupException {
        Map<String, Number> stat = StatFiles.keyed(dir, "cpu.stat");
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total", stat.getOrDefault("usage_usec", 0L).longValue() * 1000);
        usage.put("kernel", stat.getOrDefault("system_usec", 0L).longValue() * 1000);
        usage.put("user", stat.getOrDefault("user_usec", 0L).longValue() * 1000);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", usage);
        Map<String, Number> nanos = new LinkedHashMap<>(stat);
        nanos.put("throttled_usec", stat.getOrDefault("throttled_usec", 0L).longValue() * 1000);
        cpu.put("throttling", V1Stats.throttling(nanos, "nr_periods", "nr_throttled", "throttled_usec"));
        return cpu;
    }

    private Map<String, Object> cpuset() throws CgroupException {
        Map<String, Object> c = new LinkedHashMap<>();
        V1Stats.putList(c, "cpus", StatFiles.cpuList(dir, "cpuset.cpus.effective"));
        V1Stats.putList(c, "mems", StatFiles.cpuList(dir, "cpuset.mems.effective"));
        return c;
    }

    private Map<String, Object> memory() throws CgroupException {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Number> raw = StatFiles.keyed(dir, "memory.stat");
        V1Stats.putNonZero(m, "cache", raw.get("file"));
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("limit", StatFiles.number(dir, "memory.max"));
        Number current = StatFiles.number(dir, "memory.current");
        V1Stats.putNonZero(usage, "usage", current);
        V1Stats.putNonZero(usage, "max", StatFiles.number(dir, "memory.peak"));
        usage.put("failcnt", StatFiles.keyed(dir, "memory.events").getOrDefault("max", 0L));
        m.put("usage", usage);
        Map<String, Object> swap = new LinkedHashMap<>();
        // runc reports memory+swap here, matching v1's memsw files.
        Number swapCurrent = StatFiles.number(dir, "memory.swap.current");
        swap.put("limit", StatFiles.number(dir, "memory.swap.max"));
        V1Stats.putNonZero(swap, "usage", current.longValue() + swapCurrent.longValue());
        swap.put("failcnt", StatFiles.keyed(dir, "memory.swap.events").getOrDefault("max", 0L));
        m.put("swap", swap);
        m.put("kernel", Map.of("failcnt", 0L));
        m.put("kernelTCP", Map.of("failcnt", 0L));
        m.put("raw", raw);
        return m;
    }

    /** io.stat "MAJ:MIN rbytes=… wbytes=… rios=… wios=…" as v1's recursive Read/Write entries, as runc maps it. */
    private Map<String, Object> io() throws CgroupException {
        java.util.List<Map<String, Object>> bytes = new java.util.ArrayList<>();
        java.util.List<Map<String, Object>> ios = new java.util.ArrayList<>();
        String text = CgroupFiles.readIfPresent(dir, "io.stat");
        if (text != null) {
            for (String line : text.lines().toList()) {
                String[] f = line.strip().split("\\s+");
                String[] dev = f[0].split(":");
                if (dev.length != 2) {
                    continue;
                }
                for (int i = 1; i < f.length; i++) {
                    String[] kv = f[i].split("=", 2);
                    if (kv.length != 2) {
                        continue;
                    }
                    switch (kv[0]) {
                        case "rbytes" -> bytes.add(ioEntry(dev, "Read", kv[1]));
                        case "wbytes" -> bytes.add(ioEntry(dev, "Write", kv[1]));
                        case "rios" -> ios.add(ioEntry(dev, "Read", kv[1]));
                        case "wios" -> ios.add(ioEntry(dev, "Write", kv[1]));
                        default -> { }
                    }
                }
            }
        }
        Map<String, Object> b = new LinkedHashMap<>();
        V1Stats.putList(b, "ioServiceBytesRecursive", bytes);
        V1Stats.putList(b, "ioServicedRecursive", ios);
        return b;
    }

    private static Map<String, Object> ioEntry(String[] dev, String op, String value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("major", StatFiles.number(dev[0]));
        e.put("minor", StatFiles.number(dev[1]));
        e.put("op", op);
        e.put("value", StatFiles.number(value));
        return e;
    }

    private Map<String, Object> hugetlb() throws CgroupException {
        Map<String, Object> h = new LinkedHashMap<>();
        for (String size : HugePageSizes.onHost()) {
            if (!CgroupFiles.exists(dir, "hugetlb." + size + ".current")) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            V1Stats.putNonZero(e, "usage", StatFiles.number(dir, "hugetlb." + size + ".current"));
            e.put("failcnt", StatFiles.keyed(dir, "hugetlb." + size + ".events").getOrDefault("max", 0L));
            h.put(size, e);
        }
        return h;
    }
}
