package dev.jrunc.linux.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jrunc.linux.plan.PlanRecords.Capabilities;
import dev.jrunc.linux.plan.PlanRecords.Device;
import dev.jrunc.linux.plan.PlanRecords.MemoryPolicy;
import dev.jrunc.linux.plan.PlanRecords.Mount;
import dev.jrunc.linux.plan.PlanRecords.Scheduler;
import dev.jrunc.linux.plan.PlanRecords.SessionKeyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The plan reader is attack surface (issue 3, item 4): a libFuzzer target
 * (src/test/fuzz/plan_fuzz.c, clang with ASan and UBSan) is run for a bounded time
 * ({@code -Djrunc.fuzz.seconds}, 60 by default) over seeds that are real plans, and must
 * find nothing.
 */
class PlanFuzzTest {

    /** What the compiler writes for runc's default config, plus every confinement op. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        InitPlanWriter typical = new InitPlanWriter();
        for (NamespaceType t : List.of(NamespaceType.PID, NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS,
                NamespaceType.MOUNT)) {
            typical.namespace(t, "");
        }
        typical.rootfs("/var/lib/bundle/rootfs").rootfsPropagation(MountFlags.MS_SLAVE | MountFlags.MS_REC)
                .mount(new Mount("proc", "/proc", "proc", 0, 0, 0, 0, ""))
                .mount(new Mount("tmpfs", "/dev", "tmpfs", MountFlags.MS_NOSUID | MountFlags.MS_STRICTATIME, 0, 0, 0,
                        "mode=755,size=65536k"))
                .mount(new Mount("/srv", "/srv", "", MountFlags.MS_BIND | MountFlags.MS_REC, MountFlags.MS_PRIVATE,
                        MountAttr.RDONLY, 0, ""))
                .device(new Device("/dev/null", 'c', 1, 3, 0666, 0, 0, false))
                .symlink("/proc/self/fd", "/dev/fd").maskedPath("/proc/kcore").readonlyPath("/proc/sys")
                .hostname("runc").sysctl("net.ipv4.ip_forward", "1").rlimit(7, 1024, 1024)
                .user(1000, 1000, 022, 10, 20).cwd("/").env("PATH=/usr/bin:/bin").env("TERM=xterm")
                .arg("sh").arg("-c").arg("echo hi").execFifo("/run/jrunc/c1/exec.fifo")
                .capabilities(new Capabilities(0x20000420L, 0x20000420L, 0x20000420L, 0, 0)).noNewPrivileges()
                .oomScoreAdj(100).sessionKeyring(new SessionKeyring("_ses.c1", -1, 0x80000));
        seeds.add(typical.build());
        seeds.add(new InitPlanWriter()
                .scheduler(new Scheduler(6, 0, 0, 1, 10_000_000, 20_000_000, 30_000_000)).ioPriority(1, 3)
                .personality(8).memoryPolicy(new MemoryPolicy(2, 1 << 15, new long[] {1}))
                .cpuAffinity(new long[] {1}, new long[] {3}).terminal(24, 80).consoleSocket("/run/c.sock")
                .noPivot().rootReadonly().domainname("example.org").preserveFds(2).build());
        seeds.add(new InitPlanWriter().build());
        // User and time namespaces: an id-mapped bind and the time offsets.
        seeds.add(new InitPlanWriter().namespace(NamespaceType.USER, "").namespace(NamespaceType.TIME, "")
                .timeOffsets(-3600, 5, 86400, 999_999_999)
                .mount(new Mount("/srv", "/srv", "", MountFlags.MS_BIND | MountFlags.MS_REC, 0, 0, 0, ""))
                .mountIdmap(true, "0 100000 65536\n65536 1000 1\n", "0 100000 65536\n")
                .execLabel(InitPlanWriter.Lsm.APPARMOR, "containers-default")
                .execLabel(InitPlanWriter.Lsm.SELINUX, "system_u:system_r:container_t:s0:c1,c2").build());
        // A small seccomp program: RET ALLOW after a load of the syscall number.
        seeds.add(new InitPlanWriter().seccomp(SeccompFilterFlags.NEW_LISTENER | SeccompFilterFlags.LOG,
                new byte[] {0x20, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}).build());
        return seeds;
    }

    @Test
    void planReaderSurvivesTheFuzzer() throws IOException, InterruptedException {
        assumeTrue(onPath("clang"), "clang is not installed (CI installs it: .ci/run)");
        Path dir = Path.of(System.getProperty("jrunc.fuzz.dir", "target/fuzz"));
        Path seedDir = dir.resolve("seeds");
        Files.createDirectories(seedDir);
        List<byte[]> seeds = seeds();
        for (int i = 0; i < seeds.size(); i++) {
            assertEquals(0, PlanDump.run(seeds.get(i)).exit(), "seed " + i + " must be a valid plan");
            Files.write(seedDir.resolve("plan-" + i), seeds.get(i));
        }
        int seconds = Integer.parseInt(System.getProperty("jrunc.fuzz.seconds", "60"));
        Path log = dir.resolve("fuzz.log");
        Process p = new ProcessBuilder(System.getProperty("jrunc.fuzz.script", "src/test/fuzz/run-fuzz.sh"),
                String.valueOf(seconds), seedDir.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds + 180L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the fuzzer did not stop after " + seconds + " s; log: " + log);
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "the fuzzer found a problem (inputs in " + dir.resolve("artifacts") + "):\n"
                + tail(out));
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
