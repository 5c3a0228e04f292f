package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code exec --cgroup [ctrl[,ctrl]:]path}: which directories the process joins. */
class ExecCgroupsTest {
    private static Map<String, String> hybrid() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", "/sys/fs/cgroup/cpu,cpuacct/c1");
        m.put("cpuacct", "/sys/fs/cgroup/cpu,cpuacct/c1");
        m.put("pids", "/sys/fs/cgroup/pids/c1");
        m.put("memory", "/sys/fs/cgroup/memory/c1");
        m.put("unified", "/sys/fs/cgroup/unified/c1");
        return m;
    }

    @Test
    void withoutTheFlagOneDirectoryPerHierarchy() {
        assertEquals(List.of("/sys/fs/cgroup/cpu,cpuacct/c1", "/sys/fs/cgroup/pids/c1", "/sys/fs/cgroup/memory/c1",
                "/sys/fs/cgroup/unified/c1"), ExecCgroups.dirs(hybrid(), List.of(), false));
    }

    @Test
    void aPathWithoutControllersAppliesEverywhere() {
        assertEquals(List.of("/sys/fs/cgroup/cpu,cpuacct/c1/a/b", "/sys/fs/cgroup/pids/c1/a/b",
                "/sys/fs/cgroup/memory/c1/a/b", "/sys/fs/cgroup/unified/c1/a/b"),
                ExecCgroups.dirs(hybrid(), List.of("/a//b/"), false));
    }

    @Test
    void controllerPrefixedPathsApplyToTheirHierarchiesOnly() {
        assertEquals(List.of("/sys/fs/cgroup/cpu,cpuacct/c1/s", "/sys/fs/cgroup/pids/c1/p", "/sys/fs/cgroup/memory/c1/s",
                "/sys/fs/cgroup/unified/c1"), ExecCgroups.dirs(hybrid(), List.of("cpuacct,memory:s", "pids:p"), false));
    }

    @Test
    void badValuesAreRefused() {
        for (String bad : List.of("../x", "a/../../x", "nosuch:x", ":x", "pids:", "/")) {
            JruncException e = assertThrows(JruncException.class, () -> ExecCgroups.dirs(hybrid(), List.of(bad), false), bad);
            assertTrue(e.getMessage().startsWith("--cgroup " + bad), e.getMessage());
        }
        assertThrows(JruncException.class, () -> ExecCgroups.dirs(hybrid(), List.of("pids:a", "pids:b"), false));
        assertThrows(JruncException.class, () -> ExecCgroups.dirs(hybrid(), List.of("a", "b"), false));
    }

    @Test
    void aMissingSubCgroupIsRefused() {
        JruncException e = assertThrows(JruncException.class,
                () -> ExecCgroups.dirs(Map.of("pids", "/nonexistent-jrunc-test"), List.of("sub"), true));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
