package dev.jrunc.core.spec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ContainerStateTest {

    private static final Instant CREATED = Instant.parse("2026-08-19T10:11:12.123456789Z");

    @Test
    void fieldOrderAndLayoutMatchRunc() {
        ContainerState state = new ContainerState("1.3.0", "c1", 4242, ContainerStatus.RUNNING,
                "/run/b/c1", "/run/b/c1/rootfs", CREATED,
                Map.of("io.kubernetes.cri.container-type", "container"), "");
        assertEquals("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c1",
                  "pid": 4242,
                  "status": "running",
                  "bundle": "/run/b/c1",
                  "rootfs": "/run/b/c1/rootfs",
                  "created": "2026-08-19T10:11:12.123456789Z",
                  "annotations": {
                    "io.kubernetes.cri.container-type": "container"
                  },
                  "owner": ""
                }""", state.toJson());
    }

    @Test
    void emptyAnnotationsAreOmittedAndOwnerAlwaysPresent() {
        ContainerState state = new ContainerState("1.3.0", "c1", 0, ContainerStatus.STOPPED,
                "/b", "/b/rootfs", CREATED, Map.of(), null);
        String json = state.toJson();
        assertFalse(json.contains("annotations"));
        assertEquals("""
                {
                  "ociVersion": "1.3.0",
                  "id": "c1",
                  "pid": 0,
                  "status": "stopped",
                  "bundle": "/b",
                  "rootfs": "/b/rootfs",
                  "created": "2026-08-19T10:11:12.123456789Z",
                  "owner": ""
                }""", json);
        assertFalse(new ContainerState("1.3.0", "c1", 0, ContainerStatus.STOPPED, "/b", "/b/rootfs", CREATED,
                null, "").toJson().contains("annotations"));
    }

    @Test
    void annotationKeysAreSortedAndHtmlCharactersEscapedLikeGo() {
        ContainerState state = new ContainerState("1.3.0", "c", 1, ContainerStatus.CREATED, "/b", "/b/r", CREATED,
                Map.of("z", "a<b>&c", "a", "x\u2028y\u0001"), "");
        String json = state.toJson();
        assertEquals(true, json.indexOf("\"a\"") < json.indexOf("\"z\""));
        assertEquals(true, json.contains("\"a\\u003cb\\u003e\\u0026c\""), json);
        assertEquals(true, json.contains("\"x\\u2028y\\u0001\""), json);
    }

    @Test
    void timestampsUseGoRfc3339Nano() {
        assertEquals("2026-08-19T10:11:12Z", GoTime.format(Instant.parse("2026-08-19T10:11:12Z")));
        assertEquals("2026-08-19T10:11:12.1Z", GoTime.format(Instant.parse("2026-08-19T10:11:12.100Z")));
        assertEquals("2026-08-19T10:11:12.0001Z", GoTime.format(Instant.parse("2026-08-19T10:11:12.000100Z")));
        assertEquals(Instant.parse("2026-08-19T08:11:12.5Z"), GoTime.parse("2026-08-19T10:11:12.5+02:00"));
    }

    @Property
    void timestampsRoundTrip(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds,
                             @ForAll @LongRange(min = 0, max = 999_999_999L) long nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        assertEquals(t, GoTime.parse(GoTime.format(t)));
    }

    @Test
    void stateParsesBack() throws Exception {
        ContainerState state = new ContainerState("1.3.0", "c1", 7, ContainerStatus.PAUSED, "/b", "/b/rootfs",
                CREATED, Map.of("k", "v"), "root");
        assertEquals(state, SpecJson.mapper().readValue(state.toJson(), ContainerState.class));
    }
}
