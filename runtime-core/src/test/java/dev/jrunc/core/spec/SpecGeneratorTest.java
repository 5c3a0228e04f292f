package dev.jrunc.core.spec;

import dev.jrunc.core.spec.validation.SpecValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SpecGeneratorTest {

    @Test
    void defaultSpecIsByteIdenticalToRuncOnCgroupV2() {
        assertEquals(Fixtures.resource("runc-spec.json"), SpecGenerator.toJson(SpecGenerator.example(true)));
    }

    @Test
    void defaultSpecIsByteIdenticalToRuncOnCgroupV1() {
        assertEquals(Fixtures.resource("runc-spec-cgroup-v1.json"), SpecGenerator.toJson(SpecGenerator.example(false)));
    }

    @Test
    void rootlessSpecIsByteIdenticalToRunc() {
        Spec rootless = SpecGenerator.toRootless(SpecGenerator.example(true), 1000, 1000);
        assertEquals(Fixtures.resource("runc-spec-rootless.json"), SpecGenerator.toJson(rootless));
    }

    @Test
    void writtenSpecLoadsAndValidates(@TempDir Path bundle) throws Exception {
        for (Spec spec : new Spec[] {SpecGenerator.example(SpecGenerator.hostHasUnifiedCgroupHierarchy()),
                SpecGenerator.toRootless(SpecGenerator.example(true), 1234, 5678)}) {
            String json = SpecGenerator.toJson(spec);
            assertFalse(json.endsWith("\n"), "runc writes no trailing newline");
            Files.writeString(bundle.resolve("config.json"), json);
            Spec loaded = SpecLoader.load(bundle);
            assertEquals(spec, loaded);
            SpecValidator.validate(loaded);
        }
    }

    @Test
    void rootlessMapsTheGivenIds() {
        Spec rootless = SpecGenerator.toRootless(SpecGenerator.example(false), 1234, 5678);
        assertEquals(1234L, rootless.linux().uidMappings().get(0).hostId());
        assertEquals(5678L, rootless.linux().gidMappings().get(0).hostId());
        assertEquals(null, rootless.linux().resources());
        assertEquals("user", rootless.linux().namespaces().get(rootless.linux().namespaces().size() - 1).type());
    }
}
