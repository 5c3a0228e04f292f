package dev.jrunc.core.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecLoaderTest {

    @TempDir
    Path bundle;

    @Test
    void loadsRuncDefaultSpecFromBundle() {
        Spec spec = SpecLoader.load(Fixtures.bundleWith(bundle, Fixtures.resource("runc-spec.json")));
        assertEquals("1.3.0", spec.ociVersion());
        assertEquals(List.of("sh"), spec.process().args());
        assertEquals(Boolean.TRUE, spec.process().terminal());
        assertEquals(0L, spec.process().user().uid());
        assertEquals(7, spec.mounts().size());
        assertNull(spec.mounts().get(0).options(), "absent stays null, not empty");
        assertEquals("rwm", spec.linux().resources().devices().get(0).access());
        assertEquals(Boolean.FALSE, spec.linux().resources().devices().get(0).allow());
    }

    @Test
    void loadsContainerdStyleConfigIgnoringUnknownProperties() {
        Spec spec = Fixtures.parse(Fixtures.resource("containerd-style.json"));
        assertEquals("/var/run/netns/cni-1234", spec.linux().namespaces().get(4).path());
        assertEquals(-1L, spec.process().rlimits().get(1).hard(), "RLIM_INFINITY keeps all 64 bits");
        assertEquals(4294967294L, spec.process().user().additionalGids().get(1));
        assertEquals(-1L, spec.linux().resources().memory().swap());
        assertEquals(0L, spec.linux().resources().memory().reservation(), "zero is not unset");
        assertNull(spec.linux().resources().memory().kernel());
        assertEquals(4294967295L, spec.linux().seccomp().syscalls().get(1).args().get(0).value());
        assertEquals("IOPRIO_CLASS_BE", spec.process().ioPriority().ioClass());
        assertEquals(30, spec.hooks().createRuntime().get(0).timeout());
        assertEquals(Map.of("memory.high", "400000000", "io.weight", "default 100"),
                spec.linux().resources().unified());
        assertEquals(1000L, spec.linux().resources().blockIo().throttleWriteIopsDevice().get(0).rate());
        assertEquals(65536L, spec.mounts().get(4).uidMappings().get(0).size());
    }

    @Test
    void loadsEveryFieldOfSpec13() {
        Spec spec = Fixtures.parse(Fixtures.resource("full-1.3.json"));
        Process p = spec.process();
        assertEquals(120L, p.consoleSize().width());
        assertEquals(18L, p.user().umask());
        assertEquals(List.of("CAP_NET_ADMIN"), p.capabilities().ambient());
        assertEquals(List.of(), p.capabilities().effective(), "empty stays empty, not null");
        assertEquals("SCHED_DEADLINE", p.scheduler().policy());
        assertEquals(30000000L, p.scheduler().period());
        assertEquals("0-3,7", p.execCpuAffinity().finalCpus());
        assertEquals("example.org", spec.domainname());
        assertEquals(5, spec.hooks().poststop().get(0).timeout());
        assertEquals(1, spec.hooks().startContainer().size());
        Linux l = spec.linux();
        assertEquals(-3600L, l.timeOffsets().get("monotonic").secs());
        assertEquals("net0", l.netDevices().get("eth1").name());
        assertNull(l.netDevices().get("dummy0").name());
        assertEquals(Boolean.TRUE, l.resources().memory().checkBeforeUpdate());
        assertEquals(-1L, l.resources().memory().kernelTcp());
        assertEquals(1L, l.resources().cpu().idle());
        assertEquals(1048577L, l.resources().network().classId());
        assertEquals(10000L, l.resources().rdma().get("mlx5_1").hcaObjects());
        assertEquals(-1L, l.resources().pids().limit());
        assertEquals("guaranteed", l.intelRdt().closId());
        assertEquals(Boolean.TRUE, l.intelRdt().enableMonitoring());
        assertEquals("MPOL_INTERLEAVE", l.memoryPolicy().mode());
        assertEquals("LINUX32", l.personality().domain());
        assertEquals("opaque", l.seccomp().listenerMetadata());
        assertEquals(Long.MIN_VALUE, l.seccomp().syscalls().get(1).args().get(0).valueTwo());
        assertEquals(432L, l.devices().get(1).fileMode());
        assertEquals(Map.of(), spec.annotations());
    }

    @Test
    void missingConfigUsesRuncPhrase() {
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.load(bundle));
        assertEquals("JSON specification file config.json not found", e.getMessage());
        assertEquals("", e.field());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // config text (\n = newline)                        | line | column | reason
            "{\"ociVersion\": \"1.0.0\",}                          | 1 | 24 | unexpected character '}'",
            "{\\n  \"process\": {\\n    \"args\": [\"sh\"\\n  }\\n}   | 4 | 3  | unexpected close marker '}': expected ']'",
            "{\"a\": tru}                                          | 1 | 11 | unrecognized token 'tru'",
            "{\"a\": [1, 2                                         | 1 | 12 | unexpected end of input",
    })
    void malformedJsonReportsLineAndColumn(String text, int line, int column, String reason) {
        String json = text.strip().replace("\\n", "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse(json));
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertTrue(e.getMessage().startsWith("config.json: invalid JSON at line " + line + ", column " + column
                + ": " + reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\t"})
    void emptyDocumentIsInvalidJson(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse(text));
        assertEquals("config.json: invalid JSON at line 1, column 1: unexpected end of input", e.getMessage());
    }

    @Test
    void nullDocumentUsesRuncPhrase() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("null"));
        assertEquals("config cannot be null", e.getMessage());
    }

    @Test
    void trailingGarbageIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("{\"ociVersion\":\"1.0.0\"} x"));
        assertTrue(e.getMessage().startsWith("config.json: invalid JSON at line 1, column 25"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/process/args              | \"sh\"               | process.args                 | expected array, got string",
            "/process/args/0            | 7                   | process.args[0]              | expected string, got integer",
            "/process/terminal          | \"true\"             | process.terminal             | expected boolean, got string",
            "/process/user/uid          | \"0\"                | process.user.uid             | expected unsigned integer, got string",
            "/process/user/uid          | -1                  | process.user.uid             | value -1 out of range for an unsigned 32-bit integer",
            "/process/user/gid          | 4294967296          | process.user.gid             | value 4294967296 out of range for an unsigned 32-bit integer",
            "/process/rlimits/0/hard    | 18446744073709551616 | process.rlimits[0].hard     | value 18446744073709551616 out of range for an unsigned 64-bit integer",
            "/process/rlimits/0/soft    | 1.5                 | process.rlimits[0].soft      | expected unsigned integer, got number",
            "/process/oomScoreAdj       | 99999999999         | process.oomScoreAdj          | value 99999999999 out of range for a 32-bit integer",
            "/mounts/3/destination      | {}                  | mounts[3].destination        | expected string, got object",
            "/linux/namespaces/2/type   | [\"ipc\"]          | linux.namespaces[2].type     | expected string, got array",
            "/linux/resources/memory    | {\"limit\": \"1G\"} | linux.resources.memory.limit | expected integer, got string",
            "/annotations               | {\"a.b\": 1}       | annotations[\"a.b\"]        | expected string, got integer",
            "/root                      | \"rootfs\"         | root                         | expected object, got string",
    })
    void wrongTypesNameTheJsonPath(String pointer, String value, String field, String reason) {
        String json = Fixtures.doc("runc-spec.json").set(pointer.strip(), value.strip()).json();
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse(json));
        assertEquals(field.strip(), e.field());
        assertEquals(reason.strip(), e.reason());
        assertEquals(field.strip() + ": " + reason.strip(), e.getMessage());
    }

    @Test
    void unreadableConfigIsReported(@TempDir Path dir) throws Exception {
        java.nio.file.Files.createDirectory(dir.resolve("config.json"));
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.load(dir));
        assertTrue(e.getMessage().startsWith("config.json: cannot read: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void duplicateKeysKeepTheLastValueLikeGo() {
        Spec spec = Fixtures.parse("{\"ociVersion\": \"1.0.0\", \"ociVersion\": \"1.2.0\"}");
        assertEquals("1.2.0", spec.ociVersion());
    }

    @Test
    void topLevelArrayIsAWrongType() {
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("[]"));
        assertEquals("expected object, got array", e.getMessage());
    }

    @Test
    void unknownPropertiesAreIgnoredAtEveryLevel() {
        Fixtures.Doc doc = Fixtures.doc("runc-spec.json")
                .set("/futureTopLevel", "{\"x\": [1]}")
                .set("/process/futureField", "true")
                .set("/linux/resources/futureController", "{\"max\": 3}")
                .set("/mounts/0/futureMountField", "\"x\"");
        assertEquals(Fixtures.parse(Fixtures.resource("runc-spec.json")), doc.spec());
    }

    @Test
    void readsOtherDocumentTypes() {
        Process p = SpecLoader.parse("{\"args\":[\"ls\"],\"cwd\":\"/\",\"user\":{\"uid\":1,\"gid\":2}}",
                Process.class, "process.json");
        assertEquals(2L, p.user().gid());
    }
}
