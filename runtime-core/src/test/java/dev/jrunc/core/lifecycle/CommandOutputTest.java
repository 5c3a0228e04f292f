package dev.jrunc.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.core.JruncException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The text {@code ps} and {@code events} print, and their argument parsing. */
class CommandOutputTest {
    private static final String PS_EF = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 07:00 ?        00:00:01 /sbin/init
            root         420       1  0 07:01 ?        00:00:00 sh -c sleep 1000
            root         421     420  0 07:01 ?        00:00:00 sleep 1000
            root        4200       1  0 07:02 ?        00:00:00 other 420
            """;

    @Test
    void psKeepsTheHeaderAndTheContainersLinesByPidColumn() {
        assertEquals(List.of(
                "UID          PID    PPID  C STIME TTY          TIME CMD",
                "root         420       1  0 07:01 ?        00:00:00 sh -c sleep 1000",
                "root         421     420  0 07:01 ?        00:00:00 sleep 1000"),
                ProcessTable.filter(PS_EF, Set.of(420, 421)));
        assertEquals(List.of("  PID COMMAND", "  421 sleep"),
                ProcessTable.filter("  PID COMMAND\n    1 init\n  421 sleep\n", Set.of(421)));
    }

    @Test
    void psWithoutPidColumnFailsAsRunc() {
        JruncException e = assertThrows(JruncException.class, () -> ProcessTable.filter("COMMAND\nsleep\n", Set.of(1)));
        assertEquals("couldn't find PID field in ps output", e.getMessage());
    }

    @Test
    void psJsonIsGosEncoding() {
        assertEquals("[420,421]", ProcessTable.json(List.of(420, 421)));
        assertEquals("null", ProcessTable.json(List.of()));
    }

    @Test
    void eventJsonKeepsRuncsFieldOrder() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", Map.of());
        data.put("pids", Map.of("current", 2));
        data.put("network_interfaces", null);
        assertEquals("{\"type\":\"stats\",\"id\":\"c1\",\"data\":{\"cpu\":{},\"pids\":{\"current\":2},"
                + "\"network_interfaces\":null}}", ContainerEvents.event("stats", "c1", data));
        assertEquals("{\"type\":\"oom\",\"id\":\"c1\"}", ContainerEvents.event("oom", "c1", null));
    }

    @Test
    void intervalIsAGoDuration() {
        assertEquals(Duration.ofSeconds(5), ContainerEvents.parseInterval("5s"));
        assertEquals(Duration.ofMillis(100), ContainerEvents.parseInterval("100ms"));
        assertEquals(Duration.ofSeconds(90), ContainerEvents.parseInterval("1m30s"));
        assertEquals(Duration.ofMillis(1500), ContainerEvents.parseInterval("1.5s"));
        assertEquals("duration interval must be greater than 0",
                assertThrows(JruncException.class, () -> ContainerEvents.parseInterval("0")).getMessage());
        assertEquals("invalid value \"5\" for flag -interval: parse error",
                assertThrows(JruncException.class, () -> ContainerEvents.parseInterval("5")).getMessage());
    }
}
