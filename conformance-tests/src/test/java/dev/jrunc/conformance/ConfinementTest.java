package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The process attributes jrunc-init sets (scheduler, I/O priority, personality, memory policy,
 * session keyring), observed from inside the container, and the confinement requests jrunc
 * refuses with one line and nothing left behind.
 */
@Tag(Tags.RUNC_1_1_FAILS)
class ConfinementTest extends ConformanceTest {

    /** Applets these tests need beyond the bundle's usual ones. */
    private Bundle bundle(String script) {
        Bundle b = newBundle().sh(script);
        for (String applet : List.of("ionice")) {
            try {
                Files.createSymbolicLink(b.rootfs().resolve("bin").resolve(applet), Path.of("busybox"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b;
    }

    /** Fields 18 (priority), 19 (nice) and 41 (policy) of /proc/self/stat ("(cut)" has no space). */
    private static final String STAT_FIELDS = "cut -d' ' -f18,19,41 /proc/self/stat";

    /** create must fail with one stderr line containing {@code phrase}, and leave nothing. */
    private void refused(Bundle b, String phrase) {
        b.write();
        String id = newId();
        Result r = rt.exec("create", "--bundle", b.dir().toString(), id);
        assertNotEquals(0, r.exit(), "create must fail\n" + r.describe());
        assertEquals("", r.stdout(), r.describe());
        assertEquals(1, r.stderrLines().size(), "one line on stderr\n" + r.describe());
        assertTrue(r.stderrLines().get(0).contains(phrase), "stderr must contain <" + phrase + ">\n" + r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(2)), "nothing left after a failed create");
        assertTrue(rt.exec("state", id).stderr().contains("container does not exist"));
    }

    @Test
    void schedulerBatchWithNice() {
        Bundle b = bundle(STAT_FIELDS);
        b.process().putObject("scheduler").put("policy", "SCHED_BATCH").put("nice", 7);
        // priority = 20 + nice for normal policies; SCHED_BATCH is policy 3.
        assertEquals("27 7 3", output(b).trim());
    }

    @Test
    void schedulerIdleAndDefault() {
        Bundle idle = bundle(STAT_FIELDS);
        idle.process().putObject("scheduler").put("policy", "SCHED_IDLE");
        assertEquals("5", output(idle).trim().split(" ")[2]);
        Bundle plain = bundle(STAT_FIELDS);
        assertEquals("20 0 0", output(plain).trim());
    }

    /**
     * SCHED_FIFO needs real-time bandwidth in the container's cgroup. With RT group scheduling
     * (cpu.rt_runtime_us present) a new cgroup has none and the kernel says EPERM: the create
     * fails naming the step; without it the policy is observed.
     */
    @Test
    void schedulerFifo() {
        Bundle b = bundle(STAT_FIELDS);
        b.process().putObject("scheduler").put("policy", "SCHED_FIFO").put("priority", 10);
        if (Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.rt_runtime_us"))) {
            refused(b, "set scheduler policy 1 (sched_setattr): Operation not permitted");
        } else {
            // real-time priority 10 shows as -11 in field 18
            assertEquals("-11 0 1", output(b).trim());
        }
    }

    @Test
    void ioPriorityClasses() {
        Bundle rt3 = bundle("ionice");
        rt3.process().putObject("ioPriority").put("class", "IOPRIO_CLASS_RT").put("priority", 3);
        assertEquals("realtime: prio 3", output(rt3).trim());
        Bundle be5 = bundle("ionice");
        be5.process().putObject("ioPriority").put("class", "IOPRIO_CLASS_BE").put("priority", 5);
        assertEquals("best-effort: prio 5", output(be5).trim());
        Bundle idle = bundle("ionice");
        idle.process().putObject("ioPriority").put("class", "IOPRIO_CLASS_IDLE").put("priority", 0);
        assertEquals("idle", output(idle).trim());
        assertEquals("none: prio 0", output(bundle("ionice")).trim());
    }

    @Test
    void personalityLinux32() {
        Bundle b = bundle("uname -m");
        b.linux().putObject("personality").put("domain", "LINUX32");
        assertEquals("i686", output(b).trim());
        Bundle linux = bundle("uname -m");
        linux.linux().putObject("personality").put("domain", "LINUX");
        assertEquals("x86_64", output(linux).trim());
    }

    @Test
    void personalityFlagsAreRefused() {
        Bundle b = bundle("true");
        b.linux().putObject("personality").put("domain", "LINUX").putArray("flags").add("ADDR_NO_RANDOMIZE");
        refused(b, "linux.personality.flags[0]: unknown personality flag");
    }

    /** numa_maps shows each mapping's policy; without a policy of its own, the task's. */
    private String firstPolicy(ObjectNode policy) {
        Bundle b = bundle("head -1 /proc/self/numa_maps | cut -d' ' -f2");
        b.linux().set("memoryPolicy", policy);
        return output(b).trim();
    }

    @Test
    void memoryPolicies() {
        assertEquals("bind:0", firstPolicy(Bundle.JSON.createObjectNode().put("mode", "MPOL_BIND").put("nodes", "0")));
        assertEquals("interleave:0",
                firstPolicy(Bundle.JSON.createObjectNode().put("mode", "MPOL_INTERLEAVE").put("nodes", "0")));
        assertEquals("prefer:0",
                firstPolicy(Bundle.JSON.createObjectNode().put("mode", "MPOL_PREFERRED").put("nodes", "0")));
        assertEquals("local", firstPolicy(Bundle.JSON.createObjectNode().put("mode", "MPOL_LOCAL")));
        ObjectNode staticBind = Bundle.JSON.createObjectNode().put("mode", "MPOL_BIND").put("nodes", "0");
        staticBind.putArray("flags").add("MPOL_F_STATIC_NODES");
        assertEquals("bind=static:0", firstPolicy(staticBind));
    }

    @Test
    void memoryPolicyNodeRulesAreChecked() {
        Bundle b = bundle("true");
        b.linux().putObject("memoryPolicy").put("mode", "MPOL_BIND");
        refused(b, "linux.memoryPolicy.nodes: must name at least one node for MPOL_BIND");
    }

    /** /proc/keys unmasked, so the container can list the keys it can see. */
    private Bundle keysBundle() {
        Bundle b = bundle("cat /proc/keys");
        ArrayNode masked = (ArrayNode) b.linux().get("maskedPaths");
        for (int i = masked.size() - 1; i >= 0; i--) {
            if (masked.get(i).asText().equals("/proc/keys")) {
                masked.remove(i);
            }
        }
        return b;
    }

    @Test
    void sessionKeyringNamedAfterTheContainer() {
        Bundle b = keysBundle();
        b.write();
        String id = newId();
        Result r = rt.exec("run", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r.describe());
        List<String> ours = r.stdoutLines().stream().filter(l -> l.endsWith(" _ses." + id + ": empty")).toList();
        assertEquals(1, ours.size(), "the container's session keyring in /proc/keys:\n" + r.stdout());
        // runc's permission change: the owner may search it (KEY_USR_SEARCH, 0x00080000).
        long perm = Long.parseLong(ours.get(0).trim().split("\\s+")[4], 16);
        assertEquals(0x00080000L, perm & 0x00080000L, ours.get(0));
    }

    @Test
    void noNewKeyringKeepsTheCallersSessionKeyring() {
        Bundle b = keysBundle();
        b.write();
        String id = newId();
        Result r = rt.exec("run", "--no-new-keyring", "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.stdoutLines().stream().noneMatch(l -> l.contains("_ses." + id)), r.stdout());
        // create takes the flag too
        Bundle c = keysBundle();
        c.write();
        String cid = newId();
        assertEquals(0, rt.exec("create", "--no-new-keyring", "--bundle", c.dir().toString(), cid).exit());
        rt.ok("delete", "--force", cid);
    }

    private static boolean apparmorEnabled() {
        try {
            return Files.readAllLines(Path.of("/sys/module/apparmor/parameters/enabled")).getFirst().startsWith("Y");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean selinuxEnabled() {
        return Files.exists(Path.of("/sys/fs/selinux/enforce"));
    }

    @Test
    void apparmorProfileIsNeverIgnored() {
        assumeFalse(apparmorEnabled(), "AppArmor is enabled here, so the profile is applied, not refused");
        Bundle b = bundle("true");
        b.process().put("apparmorProfile", "docker-default");
        refused(b, "process.apparmorProfile: apparmor: config provided but apparmor not supported");
    }

    @Test
    void selinuxLabelsAreNeverIgnored() {
        assumeFalse(selinuxEnabled(), "SELinux is enabled here, so the labels are applied, not refused");
        String phrase = "selinux label is specified in config, but selinux is disabled or not supported";
        Bundle p = bundle("true");
        p.process().put("selinuxLabel", "system_u:system_r:container_t:s0:c1,c2");
        refused(p, "process.selinuxLabel: " + phrase);
        Bundle m = bundle("true");
        m.linux().put("mountLabel", "system_u:object_r:container_file_t:s0:c1,c2");
        refused(m, "linux.mountLabel: " + phrase);
    }

    @Test
    void unknownCapabilityNameIsAnError() {
        Bundle b = bundle("true");
        ((ArrayNode) b.process().with("capabilities").withArray("bounding")).add("CAP_LASER_EYES");
        refused(b, "unknown capability \\\"CAP_LASER_EYES\\\"");
    }

    /** The spec: execCPUAffinity "is not applicable to the container's init process" (runc: exec only). */
    @Test
    void execCpuAffinityLeavesTheInitAlone() throws IOException {
        String host = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow();
        Bundle b = bundle("grep Cpus_allowed_list: /proc/self/status");
        b.process().putObject("execCPUAffinity").put("initial", "0").put("final", "0");
        assertEquals(host.replaceAll("\\s+", " "), output(b).trim().replaceAll("\\s+", " "));
    }

    /**
     * The caller's CPU affinity (taskset, systemd's CPUAffinity=) is not the container's: since
     * Linux 6.2 the cpuset attach keeps a requested mask, so jrunc-init resets it to every CPU
     * of the cpuset right before execve (runc 1.2.7/1.3.1; runc 1.1 leaks it). With a cpuset,
     * the process gets the cpuset's CPUs, also one the caller's mask does not have.
     */
    @Test
    void callersCpuAffinityIsNotInherited() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.lang.Runtime.getRuntime().availableProcessors() >= 2,
                "needs two online CPUs");
        String all = Host.readFile(Path.of("/sys/devices/system/cpu/online")).trim();
        Bundle b = bundle("grep Cpus_allowed_list: /proc/self/status");
        assertEquals("Cpus_allowed_list:\t" + all, underTaskset0(b).trim(), "every online CPU, not the caller's 0");
        Bundle pinned = bundle("grep Cpus_allowed_list: /proc/self/status");
        pinned.linux().with("resources").putObject("cpu").put("cpus", "1").put("mems", "0");
        assertEquals("Cpus_allowed_list:\t1", underTaskset0(pinned).trim(), "the cpuset's CPU 1, not the caller's 0");
    }

    private String underTaskset0(Bundle b) {
        b.write();
        List<String> argv = new java.util.ArrayList<>(List.of("taskset", "-c", "0"));
        argv.addAll(rt.argv(List.of("run", "--bundle", b.dir().toString(), newId())));
        Result r = rt.spawnRaw(argv, null).await(Runtime.TIMEOUT);
        assertEquals(0, r.exit(), r.describe());
        return r.stdout();
    }
}
