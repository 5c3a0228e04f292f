package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.linux.plan.PlanOp;
import dev.jrunc.linux.plan.PlanRecords;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which hooks go where (init plan or the runtime's hooks file), and the state JSON around them. */
class HookCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HookCompiler.Subject SUBJECT =
            new HookCompiler.Subject("1.3.0", "c1", Path.of("/b"), Map.of("z", "last", "a", "<first & \"q\">\n"));

    private static Spec spec(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        return SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
    }

    private static ObjectNode hook(ObjectNode config, String kind, String path) {
        ObjectNode hooks = config.has("hooks") ? (ObjectNode) config.get("hooks") : config.putObject("hooks");
        ArrayNode list = hooks.has(kind) ? (ArrayNode) hooks.get(kind) : hooks.putArray(kind);
        return list.addObject().put("path", path);
    }

    /** The op numbers of a plan, in order. */
    private static List<Integer> ops(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN);
        b.position(16);
        List<Integer> out = new ArrayList<>();
        while (b.hasRemaining()) {
            out.add(b.getShort() & 0xffff);
            b.getShort();
            int len = b.getInt();
            b.position(b.position() + len);
        }
        return out;
    }

    private static byte[] initPlan(Spec spec, HookCompiler.Subject subject) {
        return InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(Path.of("/b"), Path.of("/b/rootfs"),
                Path.of("/run/x/exec.fifo"), null, false, 0, CgroupView.none(), null, w -> { }, null, subject));
    }

    @Test
    void stateIsRuncsFieldOrderWithGoEscapingAndSortedAnnotations() throws Exception {
        String[] parts = HookCompiler.stateParts(SUBJECT);
        String json = parts[0] + "\"status\":\"creating\",\"pid\":42" + parts[1];
        assertEquals("{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,\"bundle\":\"/b\","
                + "\"annotations\":{\"a\":\"\\u003cfirst \\u0026 \\\"q\\\"\\u003e\\n\",\"z\":\"last\"}}", json);
        JsonNode parsed = JSON.readTree(json);
        assertEquals("<first & \"q\">\n", parsed.path("annotations").path("a").asText());

        String[] bare = HookCompiler.stateParts(new HookCompiler.Subject("1.0.2", "x", Path.of("/b"), null));
        assertEquals("{\"ociVersion\":\"1.0.2\",\"id\":\"x\",\"status\":\"stopped\",\"bundle\":\"/b\"}",
                bare[0] + "\"status\":\"stopped\"" + bare[1], "no annotations key without annotations");
    }

    @Test
    void noHooksAddNothing() throws Exception {
        Spec spec = spec(c -> { });
        assertFalse(HookCompiler.any(spec));
        assertNull(HookCompiler.runtimeHooks(spec, SUBJECT));
        List<Integer> ops = ops(initPlan(spec, null));
        assertFalse(ops.contains(PlanOp.HOOK) || ops.contains(PlanOp.HOOK_STATE) || ops.contains(PlanOp.HOOK_SYNC));
        // Empty lists are no hooks either.
        Spec empty = spec(c -> c.putObject("hooks").putArray("poststop"));
        assertFalse(HookCompiler.any(empty));
        assertNull(HookCompiler.runtimeHooks(empty, SUBJECT));
    }

    @Test
    void containerKindsGoToTheInitPlanAndRuntimeKindsToTheHooksFile() throws Exception {
        Spec spec = spec(c -> {
            hook(c, "poststop", "/stop");
            hook(c, "createContainer", "/cc");
            hook(c, "prestart", "/pre");
            hook(c, "startContainer", "/sc");
            hook(c, "createRuntime", "/cr");
            hook(c, "poststart", "/post");
        });
        List<Integer> init = ops(initPlan(spec, SUBJECT));
        assertEquals(2, init.stream().filter(o -> o == PlanOp.HOOK).count());
        assertTrue(init.contains(PlanOp.HOOK_STATE));
        assertTrue(init.contains(PlanOp.HOOK_SYNC), "prestart/createRuntime: the init stops for them");
        String initText = new String(initPlan(spec, SUBJECT), StandardCharsets.ISO_8859_1);
        assertTrue(initText.contains("/cc") && initText.contains("/sc"));
        assertFalse(initText.contains("/pre") || initText.contains("/cr") || initText.contains("/post")
                || initText.contains("/stop"));

        byte[] file = HookCompiler.runtimeHooks(spec, SUBJECT);
        List<Integer> fileOps = ops(file);
        assertEquals(List.of(PlanOp.HOOK, PlanOp.HOOK, PlanOp.HOOK, PlanOp.HOOK, PlanOp.HOOK, PlanOp.HOOK_STATE),
                fileOps);
        String fileText = new String(file, StandardCharsets.ISO_8859_1);
        // runtime-spec order: prestart, createRuntime, (startContainer, for start's wait), poststart, poststop.
        assertTrue(fileText.indexOf("/pre") < fileText.indexOf("/cr") && fileText.indexOf("/cr") < fileText.indexOf("/sc")
                && fileText.indexOf("/sc") < fileText.indexOf("/post") && fileText.indexOf("/post") < fileText.indexOf("/stop"),
                fileText);
        assertFalse(fileText.contains("/cc"));
    }

    @Test
    void onlyContainerKindsMeanNoSync() throws Exception {
        Spec spec = spec(c -> hook(c, "createContainer", "/cc"));
        List<Integer> init = ops(initPlan(spec, SUBJECT));
        assertFalse(init.contains(PlanOp.HOOK_SYNC));
        assertTrue(init.contains(PlanOp.HOOK));
        assertNull(HookCompiler.runtimeHooks(spec, SUBJECT));
        Spec start = spec(c -> hook(c, "startContainer", "/sc"));
        assertFalse(ops(initPlan(start, SUBJECT)).contains(PlanOp.HOOK_SYNC));
        assertTrue(new String(HookCompiler.runtimeHooks(start, SUBJECT), StandardCharsets.ISO_8859_1).contains("/sc"),
                "start learns of startContainer hooks from the hooks file");
        Spec poststop = spec(c -> hook(c, "poststop", "/stop"));
        List<Integer> onlyStop = ops(initPlan(poststop, SUBJECT));
        assertFalse(onlyStop.contains(PlanOp.HOOK) || onlyStop.contains(PlanOp.HOOK_SYNC)
                || onlyStop.contains(PlanOp.HOOK_STATE), "poststop alone touches nothing in the init plan");
    }

    @Test
    void hookFieldsAndRuncsDefaultEnvForStartContainer() throws Exception {
        Spec spec = spec(c -> {
            ObjectNode h = hook(c, "createRuntime", "/cr").put("timeout", 7);
            h.putArray("args").add("argv0").add("x");
            h.putArray("env").add("A=1");
            hook(c, "startContainer", "/sc");
            hook(c, "poststop", "/stop");
        });
        Map<dev.jrunc.linux.plan.HookKind, List<PlanRecords.Hook>> byKind = HookCompiler.byKind(spec);
        PlanRecords.Hook cr = byKind.get(dev.jrunc.linux.plan.HookKind.CREATE_RUNTIME).get(0);
        assertEquals(new PlanRecords.Hook(2, 7, "/cr", List.of("argv0", "x"), List.of("A=1")), cr);
        PlanRecords.Hook sc = byKind.get(dev.jrunc.linux.plan.HookKind.START_CONTAINER).get(0);
        assertEquals(spec.process().env(), sc.env(), "startContainer without env gets the process's (runc)");
        PlanRecords.Hook stop = byKind.get(dev.jrunc.linux.plan.HookKind.POSTSTOP).get(0);
        assertEquals(List.of(), stop.env(), "other kinds without env get an empty environment (runc)");
        assertEquals(0, stop.timeout());
        assertEquals(List.of(), stop.args());
    }

    @Test
    void containerKindsNeedASubject() throws Exception {
        Spec spec = spec(c -> hook(c, "startContainer", "/sc"));
        assertThrows(JruncException.class, () -> initPlan(spec, null));
    }

    @Test
    void validationNamesTheHookField() throws Exception {
        JruncException e = assertThrows(JruncException.class,
                () -> SpecValidator.validate(spec(c -> hook(c, "poststart", "/p").put("timeout", -1))));
        assertTrue(e.getMessage().startsWith("hooks.poststart[0].timeout"), e.getMessage());
        e = assertThrows(JruncException.class,
                () -> SpecValidator.validate(spec(c -> hook(c, "createContainer", "rel/path"))));
        assertTrue(e.getMessage().startsWith("hooks.createContainer[0].path"), e.getMessage());
    }
}
