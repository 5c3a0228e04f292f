package dev.jrunc.core.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jrunc.core.plan.MountOptions.*;
import static dev.jrunc.linux.plan.MountFlags.*;
import dev.jrunc.linux.plan.MountAttr;
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
        assertEquals(MountAttr.RDONLY | MountAttr.NOSUID | MountAttr.NOATIME, p.attrSet());
        assertEquals(MountAttr.ATIME_MASK, p.attrClear() & MountAttr.ATIME_MASK);
        assertEquals(MS_BIND | MS_REC, p.flags());
    }

    @Test
    void recursiveClearUndoesSet() {
        Parsed p = MountOptions.parse(List.of("rro", "rrw"));
        assertEquals(0, p.attrSet() & MountAttr.RDONLY);
        assertEquals(MountAttr.RDONLY, p.attrClear() & MountAttr.RDONLY);
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
