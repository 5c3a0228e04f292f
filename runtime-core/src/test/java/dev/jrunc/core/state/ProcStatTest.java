package dev.jrunc.core.state;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest {
    private static final String TAIL = " 1 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 ";

    @Test
    void parsesStateAndStartTime() {
        Optional<ProcStat> s = ProcStat.parse("42 (sleep) S" + TAIL);
        assertTrue(s.isPresent());
        assertEquals('S', s.get().state());
        assertEquals(987654L, s.get().startTime());
        assertFalse(s.get().isDead());
    }

    @Test
    void commandNamesWithSpacesAndParenthesesDoNotShiftFields() {
        Optional<ProcStat> s = ProcStat.parse("42 (a) b (c) Z" + TAIL);
        assertEquals('Z', s.orElseThrow().state());
        assertEquals(987654L, s.get().startTime());
        assertTrue(s.get().isDead());
    }

    @Test
    void garbageIsEmpty() {
        assertTrue(ProcStat.parse("").isEmpty());
        assertTrue(ProcStat.parse("42 (x) S 1 2").isEmpty());
    }

    @Test
    void readsThisProcess() {
        ProcStat self = ProcStat.read((int) ProcessHandle.current().pid()).orElseThrow();
        assertTrue(self.startTime() > 0);
        assertFalse(self.isDead());
    }
}
