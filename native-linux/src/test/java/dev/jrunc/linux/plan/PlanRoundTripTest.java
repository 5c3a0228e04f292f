package dev.jrunc.linux.plan;

import static dev.jrunc.linux.plan.MountFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrunc.linux.plan.PlanRecords.Capabilities;
import dev.jrunc.linux.plan.PlanRecords.Device;
import dev.jrunc.linux.plan.PlanRecords.MemoryPolicy;
import dev.jrunc.linux.plan.PlanRecords.Mount;
import dev.jrunc.linux.plan.PlanRecords.Scheduler;
import dev.jrunc.linux.plan.PlanRecords.SessionKeyring;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Plans written by {@link InitPlanWriter} must read back, op for op, in the C reader. */
class PlanRoundTripTest {

    private static void assertRoundTrip(Recorder r) {
        PlanDump.Result res = PlanDump.run(r.writer.build());
        assertEquals("", res.err(), "plan-dump complained");
        assertEquals(0, res.exit());
        assertEquals(r.expected(), res.out());
    }

    @Test
    void everyOpOnce() {
        Recorder r = new Recorder();
        for (NamespaceType t : NamespaceType.values()) {
            r.namespace(t, t == NamespaceType.NETWORK ? "/var/run/netns/a" : "");
        }
        r.rootfs("/var/lib/jrunc/bundle/rootfs")
                .rootfsPropagation(MS_SLAVE | MS_REC)
                .mount(new Mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, 0, 0, 0, ""))
                .mount(new Mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, MS_PRIVATE, 0, 0,
                        "mode=755,size=65536k"))
                .mount(new Mount("/srv/data", "/data", "", MS_BIND | MS_REC | MS_RDONLY, MS_SHARED | MS_REC,
                        MountAttr.RDONLY | MountAttr.NOATIME, MountAttr.ATIME_MASK, ""))
                .device(new Device("/dev/null", 'c', 1, 3, 0666, 0, 0, false))
                .device(new Device("/dev/sda", 'b', 8, 0, 0660, 0, 6, true))
                .device(new Device("/dev/fifo", 'p', 0, 0, 0600, 1000, 1000, false))
                .device(new Device("/dev/ttyX", 'u', 4, 64, 0620, 0, 5, false))
                .symlink("/proc/self/fd", "/dev/fd")
                .masked("/proc/kcore")
                .readonly("/proc/sys")
                .noPivot()
                .rootReadonly()
                .hostname("web-1")
                .domainname("example.org")
                .sysctl("net.ipv4.ip_forward", "1")
                .rlimit(7, 1024, 4096)
                .rlimit(4, -1L, -1L)
                .user(1000, 1000, 022, 10, 20, 0xFFFFFFFE)
                .cwd("/home/app")
                .env("PATH=/usr/bin:/bin")
                .env("EMPTY=")
                .arg("/bin/sh")
                .arg("-c")
                .arg("echo \"hi\"")
                .terminal(24, 80)
                .consoleSocket("/run/console.sock")
                .execFifo("/run/jrunc/c1/exec.fifo")
                .capabilities(new Capabilities(-1L, 1L << 40, 0x1fffeffffffL, 0, 1L << 10))
                .noNewPrivileges()
                .oomScoreAdj(-999)
                .preserveFds(3)
                .seccomp(SeccompFilterFlags.LOG, new byte[] {0x20, 0, 0, 0, 4, 0, 0, 0, 6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f})
                .scheduler(new Scheduler(6, -5, 0, 0x41, 10_000_000, 30_000_000, 100_000_000))
                .ioPriority(2, 7)
                .personality(0x0008)
                .memoryPolicy(new MemoryPolicy(2, 1 << 15, new long[] {1, 0, 1L << 63}))
                .cpuAffinity(new long[] {0x80}, new long[] {0x8f, 1})
                .sessionKeyring(new SessionKeyring("_ses.c1", 0xffffffff, 0x80000))
                .joinPid(4242, 123456789L)
                .hook(new PlanRecords.Hook(3, 0, "/usr/bin/setup", List.of("setup", "--net", "a,b \"c\""),
                        List.of("A=1", "B=")))
                .hook(new PlanRecords.Hook(4, 30, "/bin/true", List.of(), List.of()))
                .hookState("{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",", ",\"bundle\":\"/b\"}")
                .hookSync()
                .timeOffsets(-86400, 999_999_999, 1L << 40, 0)
                .mount(new Mount("/srv/ids", "/ids", "", MS_BIND | MS_REC, 0, 0, 0, ""))
                .mountIdmap(true, "0 100000 65536\n65536 1000 1\n", "0 200000 1000\n")
                .execLabel(InitPlanWriter.Lsm.APPARMOR, "containers-default-0.50")
                .execLabel(InitPlanWriter.Lsm.SELINUX, "system_u:system_r:container_t:s0:c1,c2");
        assertRoundTrip(r);
    }

    /** The kernel's own limit on id maps: 340 lines, one write below a page. */
    @Test
    void idMapAtTheKernelLimitsReadsBack() {
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < PlanLimits.MAX_ID_MAP_LINES; i++) {
            map.append(i).append(" ").append(i).append(" 1\n");
        }
        Recorder r = new Recorder();
        r.mount(new Mount("/a", "/a", "", MS_BIND, 0, 0, 0, "")).mountIdmap(false, map.toString(), "0 0 1\n");
        assertRoundTrip(r);
    }

    @Test
    void hooksOfEveryKindKeepTheirOrderAndLimits() {
        Recorder r = new Recorder();
        for (int kind = 6; kind >= 1; kind--) {
            r.hook(new PlanRecords.Hook(kind, kind == 2 ? -1 : kind, "/h" + kind, List.of("h", "x" + kind),
                    List.of("K=" + kind)));
        }
        r.hook(new PlanRecords.Hook(1, 1, "/" + "p".repeat(PlanLimits.MAX_PATH - 1),
                java.util.Collections.nCopies(PlanLimits.MAX_LIST, "a"), List.of("E=" + "v".repeat(1000))));
        r.hookState("{" + "h".repeat(PlanLimits.MAX_STRING + 10), "t".repeat(100) + "}");
        assertRoundTrip(r);
    }

    @Test
    void emptyPlanAndFlagOnlyOps() {
        assertRoundTrip(new Recorder());
        assertRoundTrip(new Recorder().noPivot().rootReadonly().noNewPrivileges());
    }

    @Test
    void listsKeepTheirOrderAndInterleaving() {
        Recorder r = new Recorder().arg("z").env("A=1").mount(new Mount("a", "/1", "tmpfs", 0, 0, 0, 0, ""))
                .arg("y").masked("/m1").env("B=2").mount(new Mount("b", "/2", "tmpfs", 0, 0, 0, 0, ""))
                .readonly("/r").masked("/m0").arg("x").sysctl("b", "2").sysctl("a", "1");
        assertRoundTrip(r);
    }

    @Test
    void awkwardStrings() {
        assertRoundTrip(new Recorder()
                .arg("quote\" back\\slash")
                .arg("tab\tnew\nline\r\u0001\u001f\u007f")
                .arg("ünïcødé ✓ 𝄞")
                .arg("")
                .env("X= leading and trailing ")
                .hostname("=x y=z"));
    }

    @Test
    void extremeNumbers() {
        assertRoundTrip(new Recorder()
                .rootfsPropagation(-1L)
                .rlimit(-1, Long.MIN_VALUE, Long.MAX_VALUE)
                .user(-1, -1, InitPlanWriter.UMASK_UNCHANGED)
                .terminal(-1, 0)
                .oomScoreAdj(Integer.MIN_VALUE)
                .preserveFds(Integer.MAX_VALUE)
                .joinPid(Integer.MAX_VALUE, -1L)
                .device(new Device("/d", 'c', -1, -1, 07777, -1, -1, false))
                .scheduler(new Scheduler(-1, Integer.MIN_VALUE, -1, -1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE))
                .ioPriority(7, 0x1fff)
                .personality(-2)
                .memoryPolicy(new MemoryPolicy(-1, -1, new long[0]))
                .cpuAffinity(new long[0], new long[0])
                .sessionKeyring(new SessionKeyring("k", 0, -1)));
    }

    @Test
    void masksAtTheirLimits() {
        long[] nodes = new long[PlanLimits.MAX_NODE_WORDS];
        long[] cpus = new long[PlanLimits.MAX_CPU_WORDS];
        java.util.Arrays.fill(nodes, -1L);
        java.util.Arrays.fill(cpus, 0x5555555555555555L);
        assertRoundTrip(new Recorder().memoryPolicy(new MemoryPolicy(3, 0, nodes)).cpuAffinity(cpus, cpus)
                .sessionKeyring(new SessionKeyring("_ses." + "x".repeat(PlanLimits.MAX_PATH - 5), 1, 2)));
    }

    @Test
    void stringsAndListsAtTheirLimits() {
        Recorder r = new Recorder().rootfs("/" + "r".repeat(PlanLimits.MAX_PATH - 1))
                .arg("a".repeat(PlanLimits.MAX_STRING))
                .mount(new Mount("s", "/d", "t", 0, 0, 0, 0, "d".repeat(PlanLimits.MAX_STRING)));
        for (int i = 0; i < PlanLimits.MAX_RLIMITS; i++) {
            r.rlimit(i, i, i);
        }
        for (int i = 0; i < PlanLimits.MAX_LIST; i++) {
            r.masked("/m" + i);
        }
        int[] gids = new int[PlanLimits.MAX_GIDS];
        for (int i = 0; i < gids.length; i++) {
            gids[i] = i;
        }
        r.user(0, 0, 0, gids);
        assertRoundTrip(r);
    }

    @Test
    void seccompProgramsAtTheirLimits() {
        byte[] largest = new byte[PlanLimits.MAX_SECCOMP_INSNS * PlanLimits.SECCOMP_INSN_BYTES];
        new Random(7).nextBytes(largest);
        assertRoundTrip(new Recorder().seccomp(SeccompFilterFlags.PLAN_FLAGS, largest));
        assertRoundTrip(new Recorder().seccomp(0, new byte[PlanLimits.SECCOMP_INSN_BYTES]));
        assertRoundTrip(new Recorder().seccomp(SeccompFilterFlags.NEW_LISTENER | SeccompFilterFlags.WAIT_KILLABLE_RECV,
                new byte[2 * PlanLimits.SECCOMP_INSN_BYTES]));
    }

    @Test
    void planSpanningSeveralMessagesIsChunked() {
        Recorder r = new Recorder();
        for (int i = 0; i < 40; i++) {
            r.env("E" + i + "=" + "v".repeat(5000));
        }
        byte[] plan = r.writer.build();
        List<byte[]> msgs = InitMessage.planMessages(plan);
        assertEquals((plan.length + InitMessage.MAX_PLAN_CHUNK - 1) / InitMessage.MAX_PLAN_CHUNK, msgs.size());
        byte[] joined = new byte[plan.length];
        int off = 0;
        for (byte[] m : msgs) {
            assertEquals(InitMessage.PLAN, InitMessage.type(m, m.length));
            System.arraycopy(m, 4, joined, off, m.length - 4);
            off += m.length - 4;
        }
        assertEquals(plan.length, off);
        assertEquals(new String(plan, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(joined, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertRoundTrip(r);
    }

    // ---- random plans ----

    @Property(tries = 150)
    void randomPlansReadBackExactly(@ForAll("plans") List<Consumer<Recorder>> ops) {
        Recorder r = new Recorder();
        ops.forEach(op -> op.accept(r));
        assertRoundTrip(r);
    }

    @Provide
    Arbitrary<List<Consumer<Recorder>>> plans() {
        Arbitrary<List<Consumer<Recorder>>> repeated = Arbitraries.oneOf(List.of(
                Combinators.combine(str(), path(), str(), Arbitraries.longs(), Arbitraries.longs(),
                                Arbitraries.longs(), Arbitraries.longs(), str())
                        .as((s, d, f, fl, pr, as, ac, data) -> (Consumer<Recorder>) r ->
                                r.mount(new Mount(s, d, f, fl, pr, as, ac, data))),
                Combinators.combine(path(), Arbitraries.of('c', 'b', 'u', 'p'), Arbitraries.integers(),
                                Arbitraries.integers(), Arbitraries.integers().between(0, 07777),
                                Arbitraries.integers(), Arbitraries.integers(), Arbitraries.of(true, false))
                        .as((p, t, ma, mi, mo, u, g, b) -> (Consumer<Recorder>) r ->
                                r.device(new Device(p, t, ma, mi, mo, u, g, b))),
                Combinators.combine(path(), path()).as((a, b) -> r -> r.symlink(a, b)),
                path().map(p -> r -> r.masked(p)),
                path().map(p -> r -> r.readonly(p)),
                Combinators.combine(path(), str()).as((k, v) -> r -> r.sysctl(k, v)),
                Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), Arbitraries.longs())
                        .as((res, s, h) -> r -> r.rlimit(res, s, h)),
                str().map(e -> r -> r.env(e)),
                str().map(a -> r -> r.arg(a)))).list().ofMaxSize(30);
        Arbitrary<List<Consumer<Recorder>>> once = Combinators.combine(
                path().map(p -> (Consumer<Recorder>) r -> r.rootfs(p)).optional(),
                Arbitraries.longs().map(f -> (Consumer<Recorder>) r -> r.rootfsPropagation(f)).optional(),
                Arbitraries.just((Consumer<Recorder>) Recorder::noPivot).optional(),
                Arbitraries.just((Consumer<Recorder>) Recorder::rootReadonly).optional(),
                str().map(h -> (Consumer<Recorder>) r -> r.hostname(h)).optional(),
                str().map(h -> (Consumer<Recorder>) r -> r.domainname(h)).optional(),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers(),
                                Arbitraries.integers().between(0, 0777),
                                Arbitraries.integers().array(int[].class).ofMaxSize(20))
                        .as((u, g, m, gs) -> (Consumer<Recorder>) r -> r.user(u, g, m, gs)).optional(),
                path().map(p -> (Consumer<Recorder>) r -> r.cwd(p)).optional())
                .as((a, b, c, d, e, f, g, h) -> present(a, b, c, d, e, f, g, h));
        Arbitrary<List<Consumer<Recorder>>> once2 = Combinators.combine(
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers())
                        .as((x, y) -> (Consumer<Recorder>) r -> r.terminal(x, y)).optional(),
                path().map(p -> (Consumer<Recorder>) r -> r.consoleSocket(p)).optional(),
                path().map(p -> (Consumer<Recorder>) r -> r.execFifo(p)).optional(),
                Arbitraries.longs().array(long[].class).ofSize(5)
                        .map(c -> (Consumer<Recorder>) r -> r.capabilities(
                                new Capabilities(c[0], c[1], c[2], c[3], c[4]))).optional(),
                Arbitraries.just((Consumer<Recorder>) Recorder::noNewPrivileges).optional(),
                Arbitraries.integers().map(v -> (Consumer<Recorder>) r -> r.oomScoreAdj(v)).optional(),
                Arbitraries.integers().greaterOrEqual(0).map(n -> (Consumer<Recorder>) r -> r.preserveFds(n)).optional(),
                Arbitraries.subsetOf(NamespaceType.values()).flatMap(this::namespaceOps))
                .as((a, b, c, d, e, f, g, ns) -> {
                    List<Consumer<Recorder>> l = present(a, b, c, d, e, f, g);
                    l.addAll(ns);
                    return l;
                });
        Arbitrary<long[]> nodeMask = Arbitraries.longs().array(long[].class).ofMaxSize(PlanLimits.MAX_NODE_WORDS);
        Arbitrary<long[]> cpuMask = Arbitraries.longs().array(long[].class).ofMaxSize(PlanLimits.MAX_CPU_WORDS);
        Arbitrary<List<Consumer<Recorder>>> confinement = Combinators.combine(
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(),
                                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
                        .as((p, n, pr, f, ru, d, pe) -> (Consumer<Recorder>) r ->
                                r.scheduler(new Scheduler(p, n, pr, f, ru, d, pe))).optional(),
                Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 0x1fff))
                        .as((c, l) -> (Consumer<Recorder>) r -> r.ioPriority(c, l)).optional(),
                Arbitraries.integers().filter(x -> x != -1)
                        .map(x -> (Consumer<Recorder>) r -> r.personality(x)).optional(),
                Combinators.combine(Arbitraries.integers(), Arbitraries.integers(), nodeMask)
                        .as((m, f, n) -> (Consumer<Recorder>) r -> r.memoryPolicy(new MemoryPolicy(m, f, n)))
                        .optional(),
                Combinators.combine(cpuMask, cpuMask).as((i, f) -> (Consumer<Recorder>) r -> r.cpuAffinity(i, f))
                        .optional(),
                Combinators.combine(path(), Arbitraries.integers(), Arbitraries.integers())
                        .as((n, k, a) -> (Consumer<Recorder>) r -> r.sessionKeyring(new SessionKeyring(n, k, a)))
                        .optional())
                .as((a, b, c, d, e, f) -> present(a, b, c, d, e, f));
        return Combinators.combine(repeated, once, once2, confinement, Arbitraries.longs())
                .as((rep, o1, o2, o3, seed) -> {
                    List<Consumer<Recorder>> all = new ArrayList<>(rep);
                    all.addAll(o1);
                    all.addAll(o2);
                    all.addAll(o3);
                    Collections.shuffle(all, new Random(seed));
                    return all;
                });
    }

    private Arbitrary<List<Consumer<Recorder>>> namespaceOps(Set<NamespaceType> types) {
        List<NamespaceType> list = new ArrayList<>(types);
        return path().list().ofSize(list.size()).map(paths -> {
            List<Consumer<Recorder>> ops = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                NamespaceType t = list.get(i);
                String p = i % 2 == 0 ? "" : paths.get(i);
                ops.add(r -> r.namespace(t, p));
            }
            return ops;
        });
    }

    @SafeVarargs
    private static List<Consumer<Recorder>> present(java.util.Optional<Consumer<Recorder>>... opts) {
        List<Consumer<Recorder>> l = new ArrayList<>();
        for (var o : opts) {
            o.ifPresent(l::add);
        }
        return l;
    }

    /** Any text without NUL (and without lone surrogates, which UTF-8 cannot carry). */
    private static Arbitrary<String> str() {
        return Arbitraries.strings().withCharRange('\u0001', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(40);
    }

    private static Arbitrary<String> path() {
        return Arbitraries.strings().withCharRange('\u0001', '\u00ff').ofMaxLength(60).map(s -> "/" + s);
    }
}
