package dev.jrunc.core.spec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"runc-spec.json", "runc-spec-rootless.json", "containerd-style.json", "full-1.3.json"})
    void loadSerializeLoadIsIdentity(String resource) throws Exception {
        Spec first = Fixtures.parse(Fixtures.resource(resource));
        String written = SpecJson.mapper().writeValueAsString(first);
        Spec second = Fixtures.parse(written);
        assertEquals(first, second);
        // And through the Go-style writer as well.
        assertEquals(first, Fixtures.parse(SpecGenerator.toJson(first)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"full-1.3.json", "containerd-style.json"})
    void serializationKeepsEveryKnownKey(String resource) throws Exception {
        // Unknown keys are dropped, every other key survives with the same JSON value.
        var original = SpecJson.mapper().readTree(Fixtures.resource(resource));
        ((com.fasterxml.jackson.databind.node.ObjectNode) original).remove(List.of("windows", "x-vendor-extension"));
        var written = SpecJson.mapper().readTree(
                SpecJson.mapper().writeValueAsString(Fixtures.parse(Fixtures.resource(resource))));
        assertEquals(original, written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"containerd-style.json"})
    void absentFieldsAreNotWritten(String resource) throws Exception {
        String written = SpecJson.mapper().writeValueAsString(Fixtures.parse(Fixtures.resource(resource)));
        assertFalse(written.contains("null"));
        assertTrue(written.contains("\"hard\":18446744073709551615"));
    }

    @Property
    void rlimitValuesSurviveRoundTrip(@ForAll("rlimits") PosixRlimit rlimit) throws Exception {
        String json = SpecJson.mapper().writeValueAsString(rlimit);
        assertEquals(rlimit, SpecJson.mapper().readValue(json, PosixRlimit.class));
    }

    @Provide
    Arbitrary<PosixRlimit> rlimits() {
        Arbitrary<Long> any64 = Arbitraries.longs(); // negative longs stand for values >= 2^63
        return Combinators.combine(Arbitraries.of("RLIMIT_NOFILE", "RLIMIT_CORE"), any64, any64)
                .as(PosixRlimit::new);
    }
}
