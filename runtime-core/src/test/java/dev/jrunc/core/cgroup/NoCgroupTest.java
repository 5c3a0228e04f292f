package dev.jrunc.core.cgroup;

import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rootless container without a cgroup: runc's answers, and only for what was asked. */
class NoCgroupTest {
    private final NoCgroup none = new NoCgroup();

    @Test
    void noLimitsAskedIsFineAndDeviceRulesAreNotEnforced() throws Exception {
        none.create();
        none.addProcess(1);
        none.apply(CgroupResources.none());
        none.applyDeviceRules(List.of(new DeviceRule(false, 'a', -1, -1, "rwm")));
        none.destroy();
        assertEquals(Map.of(), none.paths());
        assertFalse(none.isFrozen());
    }

    @Test
    void aLimitThatCannotBeAppliedFailsWithRuncsWords() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> none.apply(CgroupResources.none().withMemoryLimit(100_000_000L)));
        assertEquals("cannot set memory limit: container could not join or create cgroup", e.getMessage());
        e = assertThrows(CgroupException.class, () -> none.apply(CgroupResources.none().withPidsLimit(10L)));
        assertEquals("cannot set pids limit: container could not join or create cgroup", e.getMessage());
        e = assertThrows(CgroupException.class, () -> none.apply(CgroupResources.none().withCpuShares(512L)));
        assertEquals("cannot set cpu limit: container could not join or create cgroup", e.getMessage());
    }

    @Test
    void pauseHasNoFreezer() {
        CgroupException e = assertThrows(CgroupException.class, none::freeze);
        assertEquals("cannot toggle freezer: cgroups not configured for container", e.getMessage());
        assertThrows(CgroupException.class, none::thaw);
    }

    @Test
    void recordedEmptyPathsMeanNoCgroup() throws Exception {
        assertInstanceOf(NoCgroup.class, CgroupManager.fromPaths(Map.of()));
        assertThrows(CgroupException.class, () -> CgroupManager.fromPaths(null));
    }

    @Test
    void onlyPermissionErrorsAreTolerated() {
        assertTrue(RootlessCgroups.permissionDenied(new CgroupException("x", new AccessDeniedException("/a"))));
        assertTrue(RootlessCgroups.permissionDenied(new CgroupException("x",
                new FileSystemException("/a", null, "Read-only file system"))));
        assertTrue(RootlessCgroups.permissionDenied(new CgroupException("x",
                new FileSystemException("/a", null, "Operation not permitted"))));
        assertFalse(RootlessCgroups.permissionDenied(new CgroupException("x", new NoSuchFileException("/a"))));
        assertFalse(RootlessCgroups.permissionDenied(new CgroupException("container's cgroup is not empty")));
    }
}
