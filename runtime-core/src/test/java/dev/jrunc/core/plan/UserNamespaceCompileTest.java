package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.ConfigException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.linux.plan.PlanOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Id-mapped mounts and time offsets in the init plan (ops MOUNT_IDMAP and TIME_OFFSETS). */
class UserNamespaceCompileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Spec spec(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(SpecGenerator.example(false)));
        edit.accept(config);
        return SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
    }

    private static List<PlannedOp> compile(Consumer<ObjectNode> edit) throws Exception {
        return PlannedOp.all(InitPlanCompiler.compile(spec(edit), new InitPlanCompiler.Inputs(Path.of("/b"),
                Path.of("/b/rootfs"), Path.of("/run/x/exec.fifo"), null, false, 0, CgroupView.none())));
    }

    private static ObjectNode linux(ObjectNode c) {
        return (ObjectNode) c.get("linux");
    }

    private static void map(ArrayNode list, long containerId, long hostId, long size) {
        list.addObject().put("containerID", containerId).put("hostID", hostId).put("size", size);
    }

    private static void userns(ObjectNode c) {
        ((ArrayNode) linux(c).get("namespaces")).addObject().put("type", "user");
        map(linux(c).putArray("uidMappings"), 0, 100000, 65536);
        map(linux(c).putArray("gidMappings"), 0, 200000, 65536);
    }

    private static ObjectNode addMount(ObjectNode c, String type, String... options) {
        ObjectNode m = ((ArrayNode) c.get("mounts")).addObject().put("destination", "/data").put("type", type)
                .put("source", "/srv/data");
        ArrayNode o = m.putArray("options");
        for (String s : options) {
            o.add(s);
        }
        return m;
    }

    /** The MOUNT_IDMAP op and the destination of the MOUNT right before it. */
    private static PlannedOp idmapAfter(List<PlannedOp> ops, String destination) {
        for (int i = 0; i + 1 < ops.size(); i++) {
            if (ops.get(i).op() == PlanOp.MOUNT && ops.get(i + 1).op() == PlanOp.MOUNT_IDMAP) {
                ByteBuffer m = ops.get(i).payload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
                PlannedOp.str(m);
                assertEquals(destination, PlannedOp.str(m));
                return ops.get(i + 1);
            }
        }
        throw new AssertionError("no MOUNT_IDMAP in the plan");
    }

    @Test
    void idmapTakesTheContainerMappings() throws Exception {
        PlannedOp op = idmapAfter(compile(c -> {
            userns(c);
            addMount(c, "bind", "rbind", "idmap");
        }), "/data");
        ByteBuffer p = op.payload();
        assertEquals(0, p.getInt(), "idmap is not recursive");
        assertEquals("0 100000 65536\n", PlannedOp.str(p));
        assertEquals("0 200000 65536\n", PlannedOp.str(p));
    }

    @Test
    void ridmapIsRecursiveAndTheMountsOwnMappingsWin() throws Exception {
        PlannedOp op = idmapAfter(compile(c -> {
            userns(c);
            ObjectNode m = addMount(c, "none", "rbind", "ridmap");
            ArrayNode uids = m.putArray("uidMappings");
            map(uids, 1000, 0, 1);
            map(uids, 0, 5000, 10);
            map(m.putArray("gidMappings"), 1000, 0, 1);
        }), "/data");
        ByteBuffer p = op.payload();
        assertEquals(1, p.getInt(), "ridmap is recursive");
        assertEquals("1000 0 1\n0 5000 10\n", PlannedOp.str(p));
        assertEquals("1000 0 1\n", PlannedOp.str(p));
    }

    @Test
    void ownMappingsWithoutOptionOrUserNamespaceMapTheTopMount() throws Exception {
        PlannedOp op = idmapAfter(compile(c -> {
            ObjectNode m = addMount(c, "bind", "bind");
            map(m.putArray("uidMappings"), 1000, 0, 1);
            map(m.putArray("gidMappings"), 1000, 0, 1);
        }), "/data");
        assertEquals(0, op.payload().getInt());
    }

    @Test
    void plainMountsHaveNoIdmapOp() throws Exception {
        List<PlannedOp> ops = compile(c -> {
            userns(c);
            addMount(c, "bind", "rbind");
        });
        assertFalse(ops.stream().anyMatch(o -> o.op() == PlanOp.MOUNT_IDMAP));
        assertFalse(ops.stream().anyMatch(o -> o.op() == PlanOp.TIME_OFFSETS));
    }

    @Test
    void idmapOnANonBindIsRefusedNamingTheMount() throws Exception {
        JruncException e = assertThrows(JruncException.class, () -> compile(c -> {
            userns(c);
            addMount(c, "tmpfs", "idmap");
        }));
        assertTrue(e.getMessage().matches("mounts\\[\\d+\\]: id-mapped mounts are only supported for bind-mounts"),
                e.getMessage());
    }

    @Test
    void idmapWithoutAnyMappingsIsRefused() throws Exception {
        JruncException e = assertThrows(JruncException.class, () -> compile(c -> addMount(c, "bind", "rbind", "ridmap")));
        assertTrue(e.getMessage().matches("mounts\\[\\d+\\]\\.options: ridmap without .*linux\\.uidMappings.*"),
                e.getMessage());
    }

    @Test
    void timeOffsetsCarryBothClocksAnAbsentOneAsZero() throws Exception {
        List<PlannedOp> ops = compile(c -> {
            ((ArrayNode) linux(c).get("namespaces")).addObject().put("type", "time");
            linux(c).putObject("timeOffsets").putObject("boottime").put("secs", -5).put("nanosecs", 7);
        });
        ByteBuffer p = ops.stream().filter(o -> o.op() == PlanOp.TIME_OFFSETS).findFirst().orElseThrow().payload();
        assertEquals(0, p.getLong(), "monotonic secs");
        assertEquals(0, p.getInt(), "monotonic nanos");
        assertEquals(-5, p.getLong(), "boottime secs");
        assertEquals(7, p.getInt(), "boottime nanos");
    }

    @Test
    void idMapsOverTheKernelLimitsAreRefusedByTheValidator() throws Exception {
        Spec many = spec(c -> {
            userns(c);
            ArrayNode uids = linux(c).putArray("uidMappings");
            for (int i = 0; i < 341; i++) {
                map(uids, i, 100000 + i, 1);
            }
        });
        ConfigException e = assertThrows(ConfigException.class, () -> SpecValidator.validate(many));
        assertTrue(e.getMessage().contains("linux.uidMappings: 341 ranges, more than the kernel's limit of 340"),
                e.getMessage());
        // 340 lines of large numbers pass the line limit but not the one-page write.
        Spec wide = spec(c -> {
            userns(c);
            ArrayNode gids = linux(c).putArray("gidMappings");
            for (int i = 0; i < 200; i++) {
                map(gids, 4_000_000_000L + i, 3_000_000_000L + i, 1);
            }
        });
        e = assertThrows(ConfigException.class, () -> SpecValidator.validate(wide));
        assertTrue(e.getMessage().contains("linux.gidMappings: the ranges take"), e.getMessage());
    }
}
