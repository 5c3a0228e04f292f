package dev.jrunc.core.spec;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoTimeTest {

    @Test
    void formatsLikeGoRfc3339NanoInUtc() {
        assertEquals("2026-08-19T10:11:12.1234Z", GoTime.format(Instant.parse("2026-08-19T10:11:12.123400Z")));
        assertEquals("2026-01-02T03:04:05Z", GoTime.format(Instant.parse("2026-01-02T03:04:05Z")));
        assertEquals("2026-01-02T03:04:05.000000001Z", GoTime.format(Instant.parse("2026-01-02T03:04:05.000000001Z")));
        assertEquals("2026-12-31T23:59:59.5Z", GoTime.format(Instant.parse("2026-12-31T23:59:59.500Z")));
        assertEquals("0999-03-04T00:00:00.01Z", GoTime.format(Instant.parse("0999-03-04T00:00:00.010Z")));
    }

    @Test
    void agreesWithJavaTimeOnManyInstants() {
        DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
            OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
            String fraction = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
            assertEquals(seconds.format(t) + fraction + "Z", GoTime.format(instant));
            assertEquals(instant, GoTime.parse(GoTime.format(instant)));
        }
    }
}
