package dev.jrunc.core.cgroup;

import static dev.jrunc.core.cgroup.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.core.spec.LinuxBlockIo;
import dev.jrunc.core.spec.LinuxCpu;
import dev.jrunc.core.spec.LinuxHugepageLimit;
import dev.jrunc.core.spec.LinuxInterfacePriority;
import dev.jrunc.core.spec.LinuxMemory;
import dev.jrunc.core.spec.LinuxNetwork;
import dev.jrunc.core.spec.LinuxRdma;
import dev.jrunc.core.spec.LinuxThrottleDevice;
import dev.jrunc.core.spec.LinuxWeightDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code linux.resources} field beyond the basic limits, against a fake cgroupfs: the v1
 * file each lands in, and the v2 translation (file names and converted values).
 */
class CgroupAllResourcesTest {
    @TempDir
    Path tmp;

    private Path v1(String hierarchy, String file) {
        return tmp.resolve("sys/fs/cgroup").resolve(hierarchy).resolve("c1").resolve(file);
    }

    private Path v2(String file) {
        return tmp.resolve("sys/fs/cgroup/c1").resolve(file);
    }

    private static void touch(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    private CgroupManager v1Manager() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("v1full", tmp);
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        return m;
    }

    private CgroupManager v2Manager(String controllers, String... extraFiles) throws Exception {
        CgroupLayout layout = Fixtures.layout("v2", tmp);
        FakeCgroupFs.populateRoots(layout);
        Path dir = layout.unified().mountpoint().resolve("c1");
        FakeCgroupFs.populate(dir, FakeCgroupFs.v2Files(controllers));
        for (String f : extraFiles) {
            touch(dir.resolve(f), "");
        }
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        return m;
    }

    private static LinuxMemory memory(Long kernel, Long kernelTcp, Long swappiness, Boolean noOom, Boolean hierarchy) {
        return new LinuxMemory(null, null, null, kernel, kernelTcp, swappiness, noOom, hierarchy, null);
    }

    private static LinuxCpu cpu(Long burst, Long rtRuntime, Long rtPeriod, Long idle) {
        return new LinuxCpu(null, null, burst, null, rtRuntime, rtPeriod, null, null, idle);
    }

    @Test
    void v1MemoryExtras() throws Exception {
        CgroupManager m = v1Manager();
        for (String f : List.of("memory.kmem.limit_in_bytes", "memory.kmem.tcp.limit_in_bytes", "memory.swappiness",
                "memory.oom_control", "memory.use_hierarchy")) {
            touch(v1("memory", f), "");
        }
        m.apply(CgroupResources.none().withMemory(memory(1L << 20, 2L << 20, 30L, true, true)));
        assertEquals("1048576", read(v1("memory", "memory.kmem.limit_in_bytes")));
        assertEquals("2097152", read(v1("memory", "memory.kmem.tcp.limit_in_bytes")));
        assertEquals("30", read(v1("memory", "memory.swappiness")));
        assertEquals("1", read(v1("memory", "memory.oom_control")));
        assertEquals("1", read(v1("memory", "memory.use_hierarchy")));
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemory(memory(null, null, 101L, null, null))));
        assertEquals("linux.resources.memory.swappiness: invalid value 101 (valid range is 0-100)", e.getMessage());
    }

    @Test
    void checkBeforeUpdateRefusesALimitBelowUsage() throws Exception {
        CgroupManager m = v1Manager();
        touch(v1("memory", "memory.usage_in_bytes"), "5000\n");
        touch(v1("memory", "memory.max_usage_in_bytes"), "9000\n");
        LinuxMemory low = new LinuxMemory(4096L, null, null, null, null, null, null, null, true);
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(CgroupResources.none().withMemory(low)));
        assertEquals("linux.resources.memory.checkBeforeUpdate: unable to set memory limit to 4096 "
                + "(current usage: 5000, peak usage: 9000)", e.getMessage());
        LinuxMemory ok = new LinuxMemory(8192L, null, null, null, null, null, null, null, true);
        m.apply(CgroupResources.none().withMemory(ok));
        assertEquals("8192", read(v1("memory", "memory.limit_in_bytes")));
    }

    @Test
    void v1CpuExtras() throws Exception {
        CgroupManager m = v1Manager();
        for (String f : List.of("cpu.cfs_burst_us", "cpu.rt_runtime_us", "cpu.rt_period_us", "cpu.idle")) {
            touch(v1("cpu,cpuacct", f), "");
        }
        m.apply(CgroupResources.none().withCpu(cpu(1000L, 5000L, 900000L, 1L)));
        assertEquals("1000", read(v1("cpu,cpuacct", "cpu.cfs_burst_us")));
        assertEquals("5000", read(v1("cpu,cpuacct", "cpu.rt_runtime_us")));
        assertEquals("900000", read(v1("cpu,cpuacct", "cpu.rt_period_us")));
        assertEquals("1", read(v1("cpu,cpuacct", "cpu.idle")));
    }

    private static LinuxBlockIo blockIo() {
        return new LinuxBlockIo(500, 300, List.of(new LinuxWeightDevice(8L, 0L, 600, 200)),
                List.of(new LinuxThrottleDevice(8L, 0L, 1048576L)), List.of(new LinuxThrottleDevice(8L, 16L, 2048L)),
                List.of(new LinuxThrottleDevice(8L, 0L, 100L)), List.of(new LinuxThrottleDevice(8L, 0L, 0L)));
    }

    @Test
    void v1BlkioCfqFiles() throws Exception {
        CgroupManager m = v1Manager();
        for (String f : List.of("blkio.weight", "blkio.leaf_weight", "blkio.weight_device", "blkio.leaf_weight_device",
                "blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device", "blkio.throttle.read_iops_device",
                "blkio.throttle.write_iops_device")) {
            touch(v1("blkio", f), "");
        }
        m.apply(CgroupResources.none().withBlockIo(blockIo()));
        assertEquals("500", read(v1("blkio", "blkio.weight")));
        assertEquals("300", read(v1("blkio", "blkio.leaf_weight")));
        assertEquals("8:0 600", read(v1("blkio", "blkio.weight_device")));
        assertEquals("8:0 200", read(v1("blkio", "blkio.leaf_weight_device")));
        assertEquals("8:0 1048576", read(v1("blkio", "blkio.throttle.read_bps_device")));
        assertEquals("8:16 2048", read(v1("blkio", "blkio.throttle.write_bps_device")));
        assertEquals("8:0 100", read(v1("blkio", "blkio.throttle.read_iops_device")));
        assertEquals("8:0 0", read(v1("blkio", "blkio.throttle.write_iops_device")));
    }

    @Test
    void v1BlkioPrefersBfqAndNamesTheMissingFile() throws Exception {
        CgroupManager m = v1Manager();
        touch(v1("blkio", "blkio.bfq.weight"), "");
        touch(v1("blkio", "blkio.bfq.weight_device"), "");
        m.apply(CgroupResources.none().withBlockIo(new LinuxBlockIo(700, null,
                List.of(new LinuxWeightDevice(8L, 0L, 100, null)), null, null, null, null)));
        assertEquals("700", read(v1("blkio", "blkio.bfq.weight")));
        assertEquals("8:0 100", read(v1("blkio", "blkio.bfq.weight_device")));
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(CgroupResources.none().withBlockIo(
                new LinuxBlockIo(null, 300, null, null, null, null, null))));
        assertEquals("linux.resources.blockIO.leafWeight: failed to write 300 to blkio.leaf_weight: "
                + "No such file or directory", e.getMessage());
    }

    @Test
    void v1HugetlbWithReservation() throws Exception {
        CgroupManager m = v1Manager();
        touch(v1("hugetlb", "hugetlb.2MB.limit_in_bytes"), "");
        touch(v1("hugetlb", "hugetlb.2MB.rsvd.limit_in_bytes"), "");
        touch(v1("hugetlb", "hugetlb.1GB.limit_in_bytes"), "");
        m.apply(CgroupResources.none().withHugepageLimits(List.of(new LinuxHugepageLimit("2MB", 4194304L),
                new LinuxHugepageLimit("1GB", 0L))));
        assertEquals("4194304", read(v1("hugetlb", "hugetlb.2MB.limit_in_bytes")));
        assertEquals("4194304", read(v1("hugetlb", "hugetlb.2MB.rsvd.limit_in_bytes")));
        assertEquals("0", read(v1("hugetlb", "hugetlb.1GB.limit_in_bytes")));
        assertFalse(Files.exists(v1("hugetlb", "hugetlb.1GB.rsvd.limit_in_bytes")));
    }

    @Test
    void v1NetworkAndRdma() throws Exception {
        CgroupManager m = v1Manager();
        touch(v1("net_cls,net_prio", "net_cls.classid"), "");
        touch(v1("net_cls,net_prio", "net_prio.ifpriomap"), "");
        touch(v1("rdma", "rdma.max"), "");
        m.apply(CgroupResources.none()
                .withNetwork(new LinuxNetwork(1048577L, List.of(new LinuxInterfacePriority("eth0", 5L))))
                .withRdma(Map.of("mlx5_1", new LinuxRdma(3L, 1000L))));
        assertEquals("1048577", read(v1("net_cls,net_prio", "net_cls.classid")));
        assertEquals("eth0 5", read(v1("net_cls,net_prio", "net_prio.ifpriomap")));
        assertEquals("mlx5_1 hca_handle=3 hca_object=1000", read(v1("rdma", "rdma.max")));
    }

    @Test
    void v1AbsentControllerAndUnifiedAreRefusedNamingTheField() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("v1", tmp);
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(CgroupResources.none()
                .withHugepageLimits(List.of(new LinuxHugepageLimit("2MB", 1L)))));
        assertEquals("linux.resources.hugepageLimits: cannot be set: the hugetlb cgroup controller is not mounted",
                e.getMessage());
        CgroupException u = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withUnified(Map.of("memory.high", "1000"))));
        assertEquals("linux.resources.unified: cgroup v2 keys (memory.high) cannot be set: this host has no "
                + "cgroup v2 hierarchy for the container", u.getMessage());
    }

    @Test
    void v2IoTranslationWithoutBfq() throws Exception {
        CgroupManager m = v2Manager("io", "io.weight", "io.max");
        m.apply(CgroupResources.none().withBlockIo(new LinuxBlockIo(500, null, null,
                List.of(new LinuxThrottleDevice(8L, 0L, 1048576L)), null, null,
                List.of(new LinuxThrottleDevice(8L, 0L, 0L)))));
        // 1 + (500-10)*9999/990 = 4950
        assertEquals("4950", read(v2("io.weight")));
        // The fake keeps the last write; the real io.max merges per device.
        assertEquals("8:0 wiops=max", read(v2("io.max")));
        assertEquals("8:0 rbps=1048576", V2ResourceWriter.ioMaxLine(new LinuxThrottleDevice(8L, 0L, 1048576L), "rbps"));
        CgroupException e = assertThrows(CgroupException.class, () -> m.apply(CgroupResources.none().withBlockIo(
                new LinuxBlockIo(null, null, List.of(new LinuxWeightDevice(8L, 0L, 100, null)), null, null, null,
                        null))));
        assertEquals("linux.resources.blockIO.weightDevice[0]: per-device weights need the BFQ I/O scheduler "
                + "(io.bfq.weight is absent)", e.getMessage());
    }

    @Test
    void v2IoWithBfqKeepsBlkioScale() throws Exception {
        CgroupManager m = v2Manager("io", "io.bfq.weight", "io.weight");
        m.apply(CgroupResources.none().withBlockIo(new LinuxBlockIo(500, null, null, null, null, null, null)));
        assertEquals("500", read(v2("io.bfq.weight")));
        assertEquals("", read(v2("io.weight")));
        m.apply(CgroupResources.none().withBlockIo(new LinuxBlockIo(null, null,
                List.of(new LinuxWeightDevice(8L, 0L, 100, null)), null, null, null, null)));
        assertEquals("8:0 100", read(v2("io.bfq.weight")));
    }

    @Test
    void v2CpuIdleBurstAndHugetlbRsvd() throws Exception {
        CgroupManager m = v2Manager("cpu hugetlb", "cpu.idle", "cpu.max.burst", "hugetlb.2MB.max",
                "hugetlb.2MB.rsvd.max");
        m.apply(CgroupResources.none().withCpu(new LinuxCpu(null, 50000L, 10000L, null, null, null, null, null, 1L))
                .withHugepageLimits(List.of(new LinuxHugepageLimit("2MB", 2097152L))));
        assertEquals("1", read(v2("cpu.idle")));
        assertEquals("50000 100000", read(v2("cpu.max")));
        assertEquals("10000", read(v2("cpu.max.burst")));
        assertEquals("2097152", read(v2("hugetlb.2MB.max")));
        assertEquals("2097152", read(v2("hugetlb.2MB.rsvd.max")));
    }

    @Test
    void v2RdmaAndUnifiedKeys() throws Exception {
        CgroupManager m = v2Manager("memory rdma", "rdma.max", "memory.high");
        m.apply(CgroupResources.none().withRdma(Map.of("mlx4_0", new LinuxRdma(null, 7L)))
                .withUnified(Map.of("memory.high", "123456")));
        assertEquals("mlx4_0 hca_object=7", read(v2("rdma.max")));
        assertEquals("123456", read(v2("memory.high")));
        CgroupException escape = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withUnified(Map.of("../x.y", "1"))));
        assertEquals("linux.resources.unified.../x.y: not a cgroup v2 file name", escape.getMessage());
        CgroupException absent = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withUnified(Map.of("io.max", "8:0 rbps=1"))));
        assertEquals("linux.resources.unified.io.max: no such file in the container's cgroup (is the io controller "
                + "enabled?)", absent.getMessage());
    }

    @Test
    void v2RefusesWhatOnlyV1Expresses() throws Exception {
        CgroupManager m = v2Manager("memory cpu io");
        Map<CgroupResources, String> cases = Map.of(
                CgroupResources.none().withMemory(memory(null, 1L, null, null, null)),
                "linux.resources.memory.kernelTCP: not supported on cgroup v2",
                CgroupResources.none().withMemory(memory(null, null, 10L, null, null)),
                "linux.resources.memory.swappiness: not supported on cgroup v2",
                CgroupResources.none().withMemory(memory(null, null, null, true, null)),
                "linux.resources.memory.disableOOMKiller: not supported on cgroup v2",
                CgroupResources.none().withCpu(cpu(null, 1000L, null, null)),
                "linux.resources.cpu.realtimeRuntime/realtimePeriod: not supported on cgroup v2",
                CgroupResources.none().withBlockIo(new LinuxBlockIo(null, 100, null, null, null, null, null)),
                "linux.resources.blockIO.leafWeight: not supported on cgroup v2",
                CgroupResources.none().withNetwork(new LinuxNetwork(5L, null)),
                "linux.resources.network: not supported on cgroup v2");
        for (Map.Entry<CgroupResources, String> c : cases.entrySet()) {
            CgroupException e = assertThrows(CgroupException.class, () -> m.apply(c.getKey()));
            assertEquals(c.getValue(), e.getMessage());
        }
        // Kernel memory is deprecated everywhere and has no v2 file: ignored, as runc does.
        m.apply(CgroupResources.none().withMemory(memory(1L << 20, null, null, false, true)));
    }

    @Test
    void v2SwapTranslationErrorsNameTheField() throws Exception {
        CgroupManager m = v2Manager("memory");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemoryLimit(2048L).withMemorySwap(1024L)));
        assertEquals("linux.resources.memory.swap: memory+swap limit should be >= memory limit", e.getMessage());
    }

    @Test
    void hybridSendsUnifiedKeysToTheCgroup2Side() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("hybrid", tmp);
        Path unifiedDir = layout.unified().mountpoint().resolve("c1");
        FakeCgroupFs.populate(unifiedDir, FakeCgroupFs.v2Files("hugetlb"));
        touch(unifiedDir.resolve("cgroup.max.depth"), "max");
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        m.apply(CgroupResources.none().withPidsLimit(3L).withUnified(Map.of("cgroup.max.depth", "2")));
        assertEquals("2", read(unifiedDir.resolve("cgroup.max.depth")));
    }

    @Test
    void blkioToIoWeightConversion() {
        assertEquals(0, CgroupConversions.blkioWeightToIoWeight(0));
        assertEquals(1, CgroupConversions.blkioWeightToIoWeight(10));
        assertEquals(10000, CgroupConversions.blkioWeightToIoWeight(1000));
        assertEquals(4950, CgroupConversions.blkioWeightToIoWeight(500));
    }

    @Test
    void v1StatsInRuncsLayout() throws Exception {
        CgroupManager m = v1Manager();
        touch(v1("cpu,cpuacct", "cpuacct.usage"), "300\n");
        touch(v1("cpu,cpuacct", "cpuacct.usage_percpu"), "100 200 \n");
        touch(v1("cpu,cpuacct", "cpuacct.usage_all"), "cpu user system\n0 10 90\n1 20 180\n");
        touch(v1("cpu,cpuacct", "cpuacct.stat"), "user 2\nsystem 3\n");
        touch(v1("cpu,cpuacct", "cpu.stat"), "nr_periods 4\nnr_throttled 0\nthrottled_time 0\n");
        touch(v1("memory", "memory.usage_in_bytes"), "4096\n");
        touch(v1("memory", "memory.max_usage_in_bytes"), "8192\n");
        touch(v1("memory", "memory.failcnt"), "0\n");
        touch(v1("memory", "memory.stat"), "rss 4096\ncache 0\n");
        touch(v1("pids", "pids.current"), "2\n");
        touch(v1("blkio", "blkio.throttle.io_service_bytes_recursive"), "8:0 Read 512\n8:0 Write 0\nTotal 512\n");
        m.apply(CgroupResources.none().withPidsLimit(10L).withMemoryLimit(1L << 20));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m.stats());
        assertEquals("{\"cpu\":{\"usage\":{\"total\":300,\"percpu\":[100,200],\"percpu_kernel\":[90,180],"
                + "\"percpu_user\":[10,20],\"kernel\":30000000,\"user\":20000000},\"throttling\":{\"periods\":4}},"
                + "\"cpuset\":{\"cpus\":[0,1,2,3],\"cpu_exclusive\":0,\"mems\":[0],\"mem_hardwall\":0,\"mem_exclusive\":0,\"memory_migrate\":0,"
                + "\"memory_spread_page\":0,\"memory_spread_slab\":0,\"memory_pressure\":0,\"sched_load_balance\":0,"
                + "\"sched_relax_domain_level\":0},"
                + "\"memory\":{\"usage\":{\"limit\":1048576,\"usage\":4096,\"max\":8192,\"failcnt\":0},"
                + "\"swap\":{\"limit\":9223372036854771712,\"failcnt\":0},\"kernel\":{\"limit\":0,\"failcnt\":0},"
                + "\"kernelTCP\":{\"limit\":0,\"failcnt\":0},\"raw\":{\"cache\":0,\"rss\":4096}},"
                + "\"pids\":{\"current\":2,\"limit\":10},"
                + "\"blkio\":{\"ioServiceBytesRecursive\":[{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":512},"
                + "{\"major\":8,\"minor\":0,\"op\":\"Write\",\"value\":0}]},"
                + "\"hugetlb\":{},\"intel_rdt\":{},\"network_interfaces\":null}", json.replaceAll(
                        "\"hugetlb\":\\{[^}]*(\\}[^}]*)*?\\},\"intel", "\"hugetlb\":{},\"intel"));
    }

    @Test
    void v2StatsConvertedAsRunc() throws Exception {
        CgroupManager m = v2Manager("cpu memory pids");
        touch(v2("cpu.stat"), "usage_usec 300\nuser_usec 100\nsystem_usec 200\nnr_periods 5\nnr_throttled 2\n"
                + "throttled_usec 7\n");
        touch(v2("memory.current"), "4096\n");
        touch(v2("memory.peak"), "8192\n");
        touch(v2("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        touch(v2("memory.stat"), "anon 4096\nfile 0\n");
        touch(v2("memory.swap.current"), "0\n");
        touch(v2("pids.current"), "2\n");
        touch(v2("io.stat"), "254:0 rbytes=4096 wbytes=512 rios=3 wios=1 dbytes=0 dios=0\n");
        m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withPidsLimit(10L));
        var stats = m.stats();
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                java.util.Map.of("cpu", stats.get("cpu"), "memory", stats.get("memory"), "pids", stats.get("pids"),
                        "blkio", stats.get("blkio")));
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(300_000, tree.at("/cpu/usage/total").asLong(), "µs to ns");
        assertEquals(100_000, tree.at("/cpu/usage/user").asLong());
        assertEquals(200_000, tree.at("/cpu/usage/kernel").asLong());
        assertEquals(5, tree.at("/cpu/throttling/periods").asLong());
        assertEquals(2, tree.at("/cpu/throttling/throttled_periods").asLong());
        assertEquals(7000, tree.at("/cpu/throttling/throttled_time").asLong());
        assertEquals(1L << 20, tree.at("/memory/usage/limit").asLong());
        assertEquals(4096, tree.at("/memory/usage/usage").asLong());
        assertEquals(8192, tree.at("/memory/usage/max").asLong());
        assertEquals(3, tree.at("/memory/usage/failcnt").asLong());
        assertEquals("18446744073709551615", tree.at("/memory/swap/limit").asText(), "max is MaxUint64");
        assertEquals(4096, tree.at("/memory/raw/anon").asLong());
        assertEquals(2, tree.at("/pids/current").asLong());
        assertEquals(10, tree.at("/pids/limit").asLong());
        assertEquals("[{\"major\":254,\"minor\":0,\"op\":\"Read\",\"value\":4096},"
                + "{\"major\":254,\"minor\":0,\"op\":\"Write\",\"value\":512}]",
                tree.at("/blkio/ioServiceBytesRecursive").toString());
        assertEquals(3, tree.at("/blkio/ioServicedRecursive/0/value").asLong());
    }
}
