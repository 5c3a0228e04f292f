package dev.jrunc.core.cgroup;

import static dev.jrunc.core.cgroup.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource-to-file mapping for v1, v2 and hybrid, against a fake cgroupfs. */
class CgroupResourcesMappingTest {
    @TempDir
    Path tmp;

    private Path v1(String hierarchy, String rest) {
        return tmp.resolve("sys/fs/cgroup").resolve(hierarchy).resolve(rest);
    }

    private CgroupManager v1Manager() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("v1", tmp);
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        return m;
    }

    @Test
    void v1MemoryFiles() throws Exception {
        CgroupManager m = v1Manager();
        m.apply(CgroupResources.none().withMemoryLimit(64L << 20).withMemoryReservation(32L << 20)
                .withMemorySwap(128L << 20));
        assertEquals(Long.toString(64L << 20), read(v1("memory", "c1/memory.limit_in_bytes")));
        assertEquals(Long.toString(32L << 20), read(v1("memory", "c1/memory.soft_limit_in_bytes")));
        assertEquals(Long.toString(128L << 20), read(v1("memory", "c1/memory.memsw.limit_in_bytes")));
    }

    @Test
    void v1UnlimitedMemoryAlsoLiftsSwap() throws Exception {
        CgroupManager m = v1Manager();
        Files.writeString(v1("memory", "c1/memory.memsw.limit_in_bytes"), "1000");
        m.apply(CgroupResources.none().withMemoryLimit(-1L));
        assertEquals("-1", read(v1("memory", "c1/memory.limit_in_bytes")));
        assertEquals("-1", read(v1("memory", "c1/memory.memsw.limit_in_bytes")));
    }

    @Test
    void v1SwapIsSkippedWithoutSwapAccounting() throws Exception {
        CgroupManager m = v1Manager();
        Files.delete(v1("memory", "c1/memory.memsw.limit_in_bytes"));
        m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withMemorySwap(2L << 20));
        assertEquals(Long.toString(1L << 20), read(v1("memory", "c1/memory.limit_in_bytes")));
        assertFalse(Files.exists(v1("memory", "c1/memory.memsw.limit_in_bytes")));
    }

    @Test
    void v1CpuCpusetPids() throws Exception {
        CgroupManager m = v1Manager();
        m.apply(CgroupResources.none().withCpuShares(512L).withCpuPeriod(50_000L).withCpuQuota(25_000L)
                .withCpusetCpus("1-2").withCpusetMems("0").withPidsLimit(42L));
        Path cpu = v1("cpu,cpuacct", "c1");
        assertEquals("512", read(cpu.resolve("cpu.shares")));
        assertEquals("50000", read(cpu.resolve("cpu.cfs_period_us")));
        assertEquals("25000", read(cpu.resolve("cpu.cfs_quota_us")));
        assertEquals("1-2", read(v1("cpuset", "c1/cpuset.cpus")));
        assertEquals("0", read(v1("cpuset", "c1/cpuset.mems")));
        assertEquals("42", read(v1("pids", "c1/pids.max")));
    }

    @Test
    void v1PidsLimitZeroAndNegative() throws Exception {
        CgroupManager m = v1Manager();
        m.apply(CgroupResources.none().withPidsLimit(0L));
        assertEquals("1", read(v1("pids", "c1/pids.max")));
        m.apply(CgroupResources.none().withPidsLimit(-1L));
        assertEquals("max", read(v1("pids", "c1/pids.max")));
    }

    @Test
    void unsetFieldsLeaveFilesAlone() throws Exception {
        CgroupManager m = v1Manager();
        m.apply(CgroupResources.none().withMemoryLimit(0L).withCpuShares(0L));
        assertEquals("9223372036854771712", read(v1("memory", "c1/memory.limit_in_bytes")));
        assertEquals("1024", read(v1("cpu,cpuacct", "c1/cpu.shares")));
        assertEquals("max", read(v1("pids", "c1/pids.max")));
    }

    @Test
    void createCopiesCpusetFromTheNearestCompleteAncestor() throws Exception {
        CgroupLayout layout = Fixtures.layout("v1", tmp);
        FakeCgroupFs.populateRoots(layout);
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            String[] cs = h.controllers().toArray(String[]::new);
            FakeCgroupFs.populateV1(h.mountpoint().resolve("parent"), cs);
            FakeCgroupFs.populateV1(h.mountpoint().resolve("parent/c1"), cs);
        }
        CgroupManager.forContainer(layout, CgroupPath.of("/parent/c1", "c1")).create();
        assertEquals("0-3", read(v1("cpuset", "parent/cpuset.cpus")));
        assertEquals("0", read(v1("cpuset", "parent/cpuset.mems")));
        assertEquals("0-3", read(v1("cpuset", "parent/c1/cpuset.cpus")));
        assertEquals("0", read(v1("cpuset", "parent/c1/cpuset.mems")));
    }

    @Test
    void errorsNameFileAndValueOnOneLine() throws Exception {
        CgroupManager m = v1Manager();
        Files.delete(v1("memory", "c1/memory.limit_in_bytes"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemoryLimit(1024L)));
        assertEquals("linux.resources.memory.limit: failed to write 1024 to memory.limit_in_bytes: No such file or directory", e.getMessage());
    }

    @Test
    void v1IsFrozenReadsFreezerState() throws Exception {
        CgroupManager m = v1Manager();
        assertFalse(m.isFrozen());
        Files.writeString(v1("freezer", "c1/freezer.state"), "FROZEN\n");
        assertTrue(m.isFrozen());
        Files.writeString(v1("freezer", "c1/freezer.state"), "FREEZING\n");
        assertFalse(m.isFrozen());
    }

    private CgroupManager v2Manager(String controllers) throws Exception {
        CgroupLayout layout = Fixtures.layout("v2", tmp);
        FakeCgroupFs.populateRoots(layout);
        Path dir = layout.unified().mountpoint().resolve("c1");
        FakeCgroupFs.populate(dir, FakeCgroupFs.v2Files(controllers));
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        return m;
    }

    private Path v2(String file) {
        return tmp.resolve("sys/fs/cgroup/c1").resolve(file);
    }

    @Test
    void v2MemoryFilesWithSwapConversion() throws Exception {
        CgroupManager m = v2Manager("cpuset cpu memory pids");
        m.apply(CgroupResources.none().withMemoryLimit(64L << 20).withMemoryReservation(32L << 20)
                .withMemorySwap(96L << 20));
        assertEquals(Long.toString(64L << 20), read(v2("memory.max")));
        assertEquals(Long.toString(32L << 20), read(v2("memory.low")));
        assertEquals(Long.toString(32L << 20), read(v2("memory.swap.max")), "swap = memsw - memory");
    }

    @Test
    void v2MemoryUnlimitedAndNoSwap() throws Exception {
        CgroupManager m = v2Manager("memory");
        m.apply(CgroupResources.none().withMemoryLimit(-1L));
        assertEquals("max", read(v2("memory.max")));
        assertEquals("max", read(v2("memory.swap.max")));
        m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withMemorySwap(1L << 20));
        assertEquals("0", read(v2("memory.swap.max")), "memsw == memory means no swap");
        Files.delete(v2("memory.swap.max"));
        m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withMemorySwap(1L << 20));
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withMemorySwap(2L << 20)));
        assertEquals("linux.resources.memory.swap: failed to write 1048576 to memory.swap.max: No such file or directory", e.getMessage());
    }

    @Test
    void v2CpuWeightAndMax() throws Exception {
        CgroupManager m = v2Manager("cpu");
        m.apply(CgroupResources.none().withCpuShares(1024L).withCpuQuota(50_000L).withCpuPeriod(200_000L));
        assertEquals("100", read(v2("cpu.weight")));
        assertEquals("50000 200000", read(v2("cpu.max")));
        m.apply(CgroupResources.none().withCpuShares(2L).withCpuQuota(30_000L));
        assertEquals("1", read(v2("cpu.weight")));
        assertEquals("30000 200000", read(v2("cpu.max")), "the period set before is kept, as runc keeps its recorded one");
        m.apply(CgroupResources.none().withCpuQuota(-1L).withCpuPeriod(20_000L));
        assertEquals("max 20000", read(v2("cpu.max")));
        m.apply(CgroupResources.none().withCpuPeriod(50_000L));
        assertEquals("max 50000", read(v2("cpu.max")));
    }

    @Test
    void v2NewCgroupGetsRuncsCpuDefaultsForTheMissingHalf() throws Exception {
        CgroupManager m = v2Manager("cpu");
        m.apply(CgroupResources.none().withCpuQuota(30_000L));
        assertEquals("30000 100000", read(v2("cpu.max")), "default period");
        CgroupManager n = v2Manager("cpu");
        Files.writeString(v2("cpu.max"), "max 100000");
        n.apply(CgroupResources.none().withCpuPeriod(20_000L));
        assertEquals("max 20000", read(v2("cpu.max")), "default quota");
    }

    /** An update of only the limit or only the swap total keeps the other, as runc's merge does. */
    @Test
    void v2MemoryUpdateOfOneHalfKeepsTheOther() throws Exception {
        CgroupManager m = v2Manager("memory");
        m.apply(CgroupResources.none().withMemoryLimit(64L << 20).withMemorySwap(96L << 20));
        assertEquals(Long.toString(32L << 20), read(v2("memory.swap.max")));
        m.apply(CgroupResources.none().withMemoryLimit(80L << 20));
        assertEquals(Long.toString(80L << 20), read(v2("memory.max")));
        assertEquals(Long.toString(16L << 20), read(v2("memory.swap.max")), "memsw total 96M kept: 96M - 80M");
        m.apply(CgroupResources.none().withMemorySwap(200L << 20));
        assertEquals(Long.toString(80L << 20), read(v2("memory.max")), "limit untouched");
        assertEquals(Long.toString(120L << 20), read(v2("memory.swap.max")), "200M total - the 80M limit");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemoryLimit(300L << 20)));
        assertEquals("linux.resources.memory.swap: memory+swap limit should be >= memory limit", e.getMessage(),
                "raising the limit above the recorded total needs a new total, as with runc");
    }

    @Test
    void v2SwapWithoutAnyMemoryLimitIsRefusedAsRunc() throws Exception {
        CgroupManager m = v2Manager("memory");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withMemorySwap(64L << 20)));
        assertEquals("linux.resources.memory.swap: unable to set swap limit without memory limit", e.getMessage());
    }

    @Test
    void v2CpusetAndPids() throws Exception {
        CgroupManager m = v2Manager("cpuset pids");
        m.apply(CgroupResources.none().withCpusetCpus("0").withCpusetMems("0").withPidsLimit(0L));
        assertEquals("0", read(v2("cpuset.cpus")));
        assertEquals("0", read(v2("cpuset.mems")));
        assertEquals("1", read(v2("pids.max")));
    }

    @Test
    void v2MissingControllerNamesTheFile() throws Exception {
        CgroupManager m = v2Manager("cpu");
        CgroupException e = assertThrows(CgroupException.class,
                () -> m.apply(CgroupResources.none().withPidsLimit(5L)));
        assertEquals("linux.resources.pids.limit: failed to write 5 to pids.max: No such file or directory", e.getMessage());
    }

    @Test
    void v2IsFrozenReadsFreezeAndEvents() throws Exception {
        CgroupManager m = v2Manager("cpu");
        assertFalse(m.isFrozen());
        Files.writeString(v2("cgroup.freeze"), "1\n");
        assertTrue(m.isFrozen());
        Files.writeString(v2("cgroup.freeze"), "0\n");
        Files.writeString(v2("cgroup.events"), "populated 1\nfrozen 1\n");
        assertTrue(m.isFrozen());
    }

    @Test
    void hybridAppliesToV1Only() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("hybrid", tmp);
        Path unifiedDir = layout.unified().mountpoint().resolve("c1");
        FakeCgroupFs.populate(unifiedDir, FakeCgroupFs.v2Files("hugetlb"));
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        assertTrue(m instanceof HybridCgroupManager);
        m.create();
        m.apply(CgroupResources.none().withMemoryLimit(1L << 20).withPidsLimit(7L).withCpuShares(1024L));
        assertEquals(Long.toString(1L << 20), read(v1("memory", "c1/memory.limit_in_bytes")));
        assertEquals("7", read(v1("pids", "c1/pids.max")));
        assertEquals("1024", read(v1("cpu", "c1/cpu.shares")));
        assertFalse(Files.exists(unifiedDir.resolve("memory.max")));
    }
}
