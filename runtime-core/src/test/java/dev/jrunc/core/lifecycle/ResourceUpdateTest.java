package dev.jrunc.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.LinuxResources;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code update}'s flags and resources document, parsed with runc's rules and words. */
class ResourceUpdateTest {
    private static Map<String, String> flags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void everyFlagLandsInItsField() {
        LinuxResources r = ResourceUpdate.fromFlags(flags("memory", "64m", "memory-reservation", "32M",
                "memory-swap", "-1", "kernel-memory", "1g", "kernel-memory-tcp", "1024", "cpu-share", "512",
                "cpu-period", "100000", "cpu-quota", "-1", "cpu-rt-period", "1000000", "cpu-rt-runtime", "950",
                "cpuset-cpus", "0-1", "cpuset-mems", "0", "pids-limit", "42", "blkio-weight", "500"));
        assertEquals(64L << 20, r.memory().limit());
        assertEquals(32L << 20, r.memory().reservation());
        assertEquals(-1L, r.memory().swap());
        assertEquals(1L << 30, r.memory().kernel());
        assertEquals(1024L, r.memory().kernelTcp());
        assertEquals(512L, r.cpu().shares());
        assertEquals(100000L, r.cpu().period());
        assertEquals(-1L, r.cpu().quota());
        assertEquals(1000000L, r.cpu().realtimePeriod());
        assertEquals(950L, r.cpu().realtimeRuntime());
        assertEquals("0-1", r.cpu().cpus());
        assertEquals("0", r.cpu().mems());
        assertEquals(42L, r.pids().limit());
        assertEquals(500, r.blockIo().weight());
    }

    @Test
    void unsetFlagsStayUnset() {
        LinuxResources r = ResourceUpdate.fromFlags(flags("pids-limit", "5"));
        assertNull(r.memory().limit());
        assertNull(r.cpu().shares());
        assertNull(r.blockIo());
    }

    @Test
    void sizesAsGoUnitsParsesThem() {
        assertEquals(1536L, ResourceUpdate.ramInBytes("1.5k"));
        assertEquals(1L << 30, ResourceUpdate.ramInBytes("1GiB"));
        assertEquals(1L << 20, ResourceUpdate.ramInBytes("1mb"));
        assertEquals(100L, ResourceUpdate.ramInBytes("100"));
        assertNull(ResourceUpdate.ramInBytes("abc"));
    }

    @Test
    void badValuesUseRuncsWords() {
        Map<Map<String, String>, String> cases = Map.of(
                flags("memory", "abc"), "invalid value for memory: invalid size: 'abc'",
                flags("cpu-share", "x"), "invalid value for cpu-share: strconv.ParseUint: parsing \"x\": invalid syntax",
                flags("cpu-share", "-5"), "invalid value for cpu-share: strconv.ParseUint: parsing \"-5\": invalid syntax",
                flags("blkio-weight", "70000"),
                "invalid value for blkio-weight: strconv.ParseUint: parsing \"70000\": value out of range",
                flags("cpu-quota", "1.5"), "invalid value for cpu-quota: strconv.ParseInt: parsing \"1.5\": invalid syntax",
                flags("pids-limit", "99999999999999999999"),
                "invalid value for pids-limit: strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
                flags("l3-cache-schema", "L3:0=f"), "Intel RDT/CAT: l3 cache schema is not enabled",
                flags("mem-bw-schema", "MB:0=20"), "Intel RDT/MBA: memory bandwidth schema is not enabled");
        for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
            JruncException e = assertThrows(JruncException.class, () -> ResourceUpdate.fromFlags(c.getKey()));
            assertEquals(c.getValue(), e.getMessage());
        }
    }

    @Test
    void documentIsRuncsLinuxResourcesLayout() {
        LinuxResources r = ResourceUpdate.fromJson("""
                {"memory": {"limit": 41943040, "reservation": 0, "swap": 0},
                 "cpu": {"shares": 300, "quota": 0, "period": 0, "realtimeRuntime": 0, "realtimePeriod": 0,
                         "cpus": "", "mems": ""},
                 "blockIO": {"weight": 100}, "pids": {"limit": 9},
                 "unified": {"memory.high": "1000000"}}""", "-");
        assertEquals(41943040L, r.memory().limit());
        assertEquals(300L, r.cpu().shares());
        assertEquals(100, r.blockIo().weight());
        assertEquals(9L, r.pids().limit());
        assertEquals("1000000", r.unified().get("memory.high"));
    }

    @Test
    void documentSyntaxErrorIsOneLineNamingTheSource() {
        JruncException e = assertThrows(JruncException.class, () -> ResourceUpdate.fromJson("{bad", "res.json"));
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(true, e.getMessage().startsWith("res.json: invalid JSON at line 1"), e.getMessage());
    }
}
