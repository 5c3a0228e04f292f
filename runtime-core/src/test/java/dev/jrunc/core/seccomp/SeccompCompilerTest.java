package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.Features;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSeccompArg;
import dev.jrunc.core.spec.LinuxSyscall;
import dev.jrunc.linux.plan.SeccompFilterFlags;
import dev.jrunc.linux.seccomp.Libseccomp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler against the real libseccomp.so.2 of the host. */
class SeccompCompilerTest {
    private static final int BPF_RET_K = 0x06;

    private static LinuxSeccomp profile(String defaultAction, List<String> archs, List<String> flags,
                                        LinuxSyscall... rules) {
        return new LinuxSeccomp(defaultAction, null, archs, flags, null, null, List.of(rules));
    }

    private static LinuxSyscall rule(String action, Long errnoRet, List<LinuxSeccompArg> args, String... names) {
        return new LinuxSyscall(List.of(names), action, errnoRet, args);
    }

    private static LinuxSeccompArg arg(long index, long value, String op) {
        return new LinuxSeccompArg(index, value, null, op);
    }

    private static byte[] bpf(LinuxSeccomp s) {
        return SeccompCompiler.compile(s, "linux.seccomp").bpf();
    }

    /** The constants of every {@code BPF_RET | BPF_K} instruction: the actions the filter can take. */
    private static List<Integer> returns(byte[] bpf) {
        ByteBuffer b = ByteBuffer.wrap(bpf).order(ByteOrder.nativeOrder());
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i + 8 <= bpf.length; i += 8) {
            if ((b.getShort(i) & 0xffff) == BPF_RET_K) {
                out.add(b.getInt(i + 4));
            }
        }
        return out;
    }

    private static ConfigException refused(LinuxSeccomp s) {
        return assertThrows(ConfigException.class, () -> SeccompCompiler.compile(s, "linux.seccomp"));
    }

    @Test
    void goodProfileCompilesToAProgramWithItsActions() {
        SeccompCompiler.Program p = SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null,
                List.of("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_TSYNC"),
                rule("SCMP_ACT_ERRNO", null, null, "mkdir", "mkdirat"),
                rule("SCMP_ACT_ERRNO", 38L, null, "chmod"),
                rule("SCMP_ACT_KILL_PROCESS", null, null, "reboot"),
                rule("SCMP_ACT_TRACE", 7L, null, "ptrace"),
                rule("SCMP_ACT_LOG", null, null, "uname"),
                rule("SCMP_ACT_TRAP", null, null, "acct"),
                rule("SCMP_ACT_KILL", null, List.of(arg(0, 0xdead, "SCMP_CMP_EQ")), "personality")), "linux.seccomp");
        assertTrue(p.bpf().length > 0 && p.bpf().length % 8 == 0, "length " + p.bpf().length);
        assertEquals(SeccompFilterFlags.LOG, p.flags());
        List<Integer> rets = returns(p.bpf());
        assertTrue(rets.contains(0x7fff0000), "ALLOW default: " + rets);
        assertTrue(rets.contains(0x00050001), "ERRNO defaults to EPERM: " + rets);
        assertTrue(rets.contains(0x00050026), "ERRNO(38): " + rets);
        assertTrue(rets.contains(0x80000000), "KILL_PROCESS: " + rets);
        assertTrue(rets.contains(0x7ff00007), "TRACE(7): " + rets);
        assertTrue(rets.contains(0x7ffc0000), "LOG: " + rets);
        assertTrue(rets.contains(0x00030000), "TRAP: " + rets);
        assertTrue(rets.contains(0x00000000), "KILL: " + rets);
    }

    @Test
    void notifyAsksForAListener() {
        LinuxSeccomp s = profile("SCMP_ACT_ALLOW", null,
                List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
                rule("SCMP_ACT_NOTIFY", null, null, "mkdir"));
        SeccompCompiler.Program p = SeccompCompiler.compile(s, "linux.seccomp");
        assertTrue(returns(p.bpf()).contains(0x7fc00000), "NOTIFY");
        assertEquals(SeccompFilterFlags.NEW_LISTENER | SeccompFilterFlags.WAIT_KILLABLE_RECV
                | SeccompFilterFlags.SPEC_ALLOW, p.flags());
        assertTrue(SeccompCompiler.notifies(s));
        // Without a notifying rule there is no listener, and WAIT_KILLABLE_RECV has nothing to change.
        LinuxSeccomp plain = profile("SCMP_ACT_ALLOW", null, List.of("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
                rule("SCMP_ACT_ERRNO", null, null, "mkdir"));
        assertEquals(0, SeccompCompiler.compile(plain, "linux.seccomp").flags());
        assertFalse(SeccompCompiler.notifies(plain));
    }

    @Test
    void listenerStateIsTheSpecsContainerProcessState() throws Exception {
        List<String> parts = ListenerState.parts("1.2.1", "c1", "/b \"q\"", java.util.Map.of("k", "v\n"), "meta");
        String json = parts.get(0) + 42 + parts.get(1) + 42 + parts.get(2);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals("1.2.1", tree.path("ociVersion").asText());
        assertEquals("[\"seccompFd\"]", tree.path("fds").toString());
        assertEquals(42, tree.path("pid").asInt());
        assertEquals("meta", tree.path("metadata").asText());
        var state = tree.path("state");
        assertEquals("c1", state.path("id").asText());
        assertEquals("creating", state.path("status").asText());
        assertEquals(42, state.path("pid").asInt());
        assertEquals("/b \"q\"", state.path("bundle").asText());
        assertEquals("v\n", state.path("annotations").path("k").asText());
    }

    @Test
    void listenerStateOfAnExecdProcessHasItsPidAndTheRunningInits() throws Exception {
        List<String> parts = ListenerState.execParts("1.2.1", "c1", 7, "/b", java.util.Map.of(), null);
        assertEquals(2, parts.size());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(parts.get(0) + 42 + parts.get(1));
        assertEquals(42, tree.path("pid").asInt(), "the exec'd process");
        assertFalse(tree.has("metadata"));
        var state = tree.path("state");
        assertEquals("running", state.path("status").asText());
        assertEquals(7, state.path("pid").asInt(), "the container's init");
        assertEquals("/b", state.path("bundle").asText());
        assertFalse(state.has("annotations"));
    }

    @Test
    void everyOperatorCompiles() {
        for (String op : SeccompOperators.SUPPORTED) {
            LinuxSeccompArg a = new LinuxSeccompArg(1L, 0xffL, 0x10L, op);
            assertTrue(bpf(profile("SCMP_ACT_ALLOW", null, null,
                    rule("SCMP_ACT_ERRNO", null, List.of(a), "kill"))).length > 0, op);
        }
    }

    @Test
    void defaultErrnoRetIsTheDefaultActionsErrno() {
        LinuxSeccomp s = new LinuxSeccomp("SCMP_ACT_ERRNO", 38L, null, null, null, null,
                List.of(rule("SCMP_ACT_ALLOW", null, null, "read", "write", "exit_group")));
        assertTrue(returns(bpf(s)).contains(0x00050026));
    }

    @Test
    void unknownSyscallNamesAreSkipped() {
        byte[] none = bpf(profile("SCMP_ACT_ALLOW", null, null));
        assertArrayEquals(none, bpf(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, null, "jrunc_no_such_syscall"))));
        assertArrayEquals(bpf(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", null, null, "mkdir"))),
                bpf(profile("SCMP_ACT_ALLOW", null, null,
                        rule("SCMP_ACT_ERRNO", null, null, "jrunc_no_such_syscall", "mkdir"))));
    }

    @Test
    void rulesWithTheDefaultActionAreSkipped() {
        assertArrayEquals(bpf(profile("SCMP_ACT_ALLOW", null, null)),
                bpf(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ALLOW", null, null, "mkdir"))));
        // Same action, different errno: not the default action, so kept.
        LinuxSeccomp errno = new LinuxSeccomp("SCMP_ACT_ERRNO", null, null, null, null, null,
                List.of(rule("SCMP_ACT_ERRNO", 38L, null, "mkdir")));
        assertTrue(returns(bpf(errno)).contains(0x00050026));
    }

    @Test
    void anArgumentComparedTwiceBecomesOneRulePerComparison() {
        LinuxSeccompArg one = arg(0, 1, "SCMP_CMP_EQ");
        LinuxSeccompArg two = arg(0, 2, "SCMP_CMP_EQ");
        byte[] together = bpf(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, List.of(one, two), "kill")));
        byte[] apart = bpf(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, List.of(one), "kill"),
                rule("SCMP_ACT_ERRNO", null, List.of(two), "kill")));
        assertArrayEquals(apart, together);
        // Different arguments stay one rule (both must match), unlike two rules (either matches).
        LinuxSeccompArg other = arg(1, 2, "SCMP_CMP_EQ");
        assertFalse(Arrays.equals(
                bpf(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", null, List.of(one, other), "kill"))),
                bpf(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", null, List.of(one), "kill"),
                        rule("SCMP_ACT_ERRNO", null, List.of(other), "kill")))));
    }

    @Test
    void moreArchitecturesMakeALongerProgram() {
        LinuxSyscall r = rule("SCMP_ACT_ERRNO", null, null, "mkdir", "socketcall");
        byte[] nativeOnly = bpf(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86_64"), null, r));
        byte[] three = bpf(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                null, r));
        assertTrue(three.length > nativeOnly.length, three.length + " vs " + nativeOnly.length);
    }

    @Test
    void errorsNameTheField() {
        ConfigException e = refused(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, null, "mkdir"), rule("SCMP_ACT_ERRNO", null, null, "rmdir"),
                rule("SCMP_ACT_FOO", null, null, "mkdir")));
        assertEquals("linux.seccomp.syscalls[2].action: unknown seccomp action \"SCMP_ACT_FOO\"", e.getMessage());
        e = refused(profile("SCMP_ACT_ALLOW", null, null,
                rule("SCMP_ACT_ERRNO", null, List.of(arg(0, 1, "SCMP_CMP_EQ"), arg(1, 1, "SCMP_CMP_ABOUT")), "kill")));
        assertEquals("linux.seccomp.syscalls[0].args[1].op: unknown seccomp operator \"SCMP_CMP_ABOUT\"", e.getMessage());
        e = refused(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86", "SCMP_ARCH_VAX"), null));
        assertEquals("linux.seccomp.architectures[1]: unknown seccomp architecture \"SCMP_ARCH_VAX\"", e.getMessage());
        e = refused(profile("SCMP_ACT_NOPE", null, null));
        assertEquals("linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_NOPE\"", e.getMessage());
        e = refused(profile("SCMP_ACT_ALLOW", null, List.of("SECCOMP_FILTER_FLAG_NOPE")));
        assertEquals("linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_NOPE\"", e.getMessage());
        e = refused(profile("SCMP_ACT_ALLOW", null, null, rule("SCMP_ACT_ERRNO", 70000L, null, "mkdir")));
        assertTrue(e.getMessage().startsWith("linux.seccomp.syscalls[0].errnoRet: 70000 "), e.getMessage());
    }

    @Test
    void featuresListWhatTheCompilerTakes() {
        Features.Seccomp f = SeccompFeatures.current();
        assertEquals(Boolean.TRUE, f.enabled());
        assertEquals(9, f.actions().size());
        for (String action : f.actions()) {
            String rule = action.equals("SCMP_ACT_ALLOW") ? "SCMP_ACT_ERRNO" : action;
            assertTrue(bpf(profile("SCMP_ACT_ALLOW".equals(rule) ? "SCMP_ACT_ERRNO" : "SCMP_ACT_ALLOW", null, null,
                    rule(rule, null, null, "mkdir"))).length > 0, action);
        }
        assertEquals(7, f.operators().size());
        for (String arch : f.archs()) {
            assertNotEquals(0, Libseccomp.lib().seccomp_arch_resolve_name(SeccompArchitectures.libseccompName(arch)), arch);
        }
        // Those of the native (little-endian) byte order can be added to one filter.
        List<String> little = List.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
                "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
                "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64");
        assertTrue(f.archs().containsAll(little));
        assertTrue(bpf(profile("SCMP_ACT_ALLOW", little, null, rule("SCMP_ACT_ERRNO", null, null, "mkdir"))).length > 0);
        assertEquals("linux.seccomp.architectures[1]: SCMP_ARCH_S390X cannot be combined with the native architecture"
                + " (another byte order)", refused(profile("SCMP_ACT_ALLOW", List.of("SCMP_ARCH_X86", "SCMP_ARCH_S390X"),
                null)).getMessage());
        assertTrue(f.knownFlags().containsAll(f.supportedFlags()));
        assertEquals(SeccompFilterFlags.LOG | SeccompFilterFlags.SPEC_ALLOW,
                SeccompCompiler.compile(profile("SCMP_ACT_ALLOW", null, f.supportedFlags()), "linux.seccomp").flags());
    }
}
