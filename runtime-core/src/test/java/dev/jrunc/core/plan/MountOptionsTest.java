package dev.jrunc.core.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jrunc.core.plan.MountOptions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountOptionsTest {
    @Test
    void flagsPropagationAndDataAreSeparated() {
        Parsed p = MountOptions.parse(List.of("nosuid", "noexec", "mode=755", "size=65536k", "rslave", "ro"));
        assertEquals(MS_NOSUID | MS_NOEXEC | MS_RDONLY, p.flags());
        assertEquals(MS_SLAVE | MS_REC, p.propagation());
        assertEquals("mode=755,size=65536k", p.data());
        assertEquals(0, p.attrSet());
    }

    @Test
    void laterOptionsOverrideEarlierOnes() {
        assertEquals(0, MountOptions.parse(List.of("ro", "rw")).flags());
        assertEquals(MS_NOATIME, MountOptions.parse(List.of("atime", "noatime")).flags());
        assertEquals(0, MountOptions.parse(List.of("noatime", "atime")).flags());
    }

    @Test
    void rbindIsRecursiveBind() {
        Parsed p = MountOptions.parse(List.of("rbind", "ro"));
        assertTrue(p.isBind());
        assertEquals(MS_BIND | MS_REC | MS_RDONLY, p.flags());
    }

    @Test
    void recursiveAttributesGoToMountSetattr() {
        Parsed p = MountOptions.parse(List.of("rbind", "rro", "rnosuid", "rnoatime"));
        assertEquals(MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME, p.attrSet());
        assertEquals(MOUNT_ATTR__ATIME, p.attrClear() & MOUNT_ATTR__ATIME);
        assertEquals(MS_BIND | MS_REC, p.flags());
    }

    @Test
    void recursiveClearUndoesSet() {
        Parsed p = MountOptions.parse(List.of("rro", "rrw"));
        assertEquals(0, p.attrSet() & MOUNT_ATTR_RDONLY);
        assertEquals(MOUNT_ATTR_RDONLY, p.attrClear() & MOUNT_ATTR_RDONLY);
    }

    @Test
    void knownListsEverySpecOption() {
        List<String> known = MountOptions.known();
        for (String o : List.of("ro", "rw", "bind", "rbind", "rro", "rnosymfollow", "rprivate", "nosymfollow", "strictatime")) {
            assertTrue(known.contains(o), o);
        }
        assertEquals(known.stream().sorted().toList(), known);
    }
}
