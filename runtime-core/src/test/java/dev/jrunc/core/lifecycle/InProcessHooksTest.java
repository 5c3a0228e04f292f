package dev.jrunc.core.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.spec.SpecGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hooks run only in jrunc-init's handed-off modes: the in-process create refuses them before making anything. */
class InProcessHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void inProcessCreateRefusesHooksAndLeavesNothing(@TempDir Path tmp) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.createDirectories(bundle.resolve("rootfs"));
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        ((ObjectNode) config.get("process")).put("terminal", false);
        config.putObject("hooks").putArray("poststop").addObject().put("path", "/bin/true");
        Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));
        Path root = Files.createDirectories(tmp.resolve("root"));
        RuntimeContext ctx = new RuntimeContext(root, tmp.resolve("no-init"), tmp.resolve("no-launcher"), false, false);

        JruncException e = assertThrows(JruncException.class, () -> new ContainerCreator(ctx).create(
                new CreateRequest("c1", bundle, null, null, false, true, 0, true)));
        assertTrue(e.getMessage().startsWith("hooks: "), e.getMessage());
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "nothing created");
        }
    }
}
