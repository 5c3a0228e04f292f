package dev.jrunc.core.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.linux.plan.MountFlags;
import dev.jrunc.linux.plan.PlanOp;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mounts an unprivileged user namespace cannot make, as the plan carries them instead. */
class RootlessMountsCompileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record PlannedMount(String source, String destination, String fstype, long flags) {
    }

    private static List<PlannedMount> mounts(Consumer<ObjectNode> edit, CgroupView cgroups) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(SpecGenerator.toJson(
                SpecGenerator.toRootless(SpecGenerator.example(false), 1001, 1001)));
        edit.accept(config);
        Spec spec = SpecLoader.parse(JSON.writeValueAsString(config), Spec.class, "config.json");
        byte[] plan = InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(Path.of("/b"), Path.of("/b/rootfs"),
                Path.of("/run/x/exec.fifo"), null, false, 0, cgroups, null, w -> { }, null));
        List<PlannedMount> out = new ArrayList<>();
        for (PlannedOp op : PlannedOp.all(plan)) {
            if (op.op() == PlanOp.MOUNT) {
                ByteBuffer b = op.payload();
                out.add(new PlannedMount(PlannedOp.str(b), PlannedOp.str(b), PlannedOp.str(b), b.getLong()));
            }
        }
        return out;
    }

    private static PlannedMount at(List<PlannedMount> mounts, String destination) {
        return mounts.stream().filter(m -> m.destination().equals(destination)).findFirst().orElseThrow();
    }

    private static void sysfsInsteadOfBind(ObjectNode c) {
        for (var m : c.withArray("mounts")) {
            if (m.get("destination").asText().equals("/sys")) {
                ObjectNode o = (ObjectNode) m;
                o.put("type", "sysfs").put("source", "sysfs");
                ArrayNode opts = o.putArray("options");
                opts.add("nosuid").add("noexec").add("nodev").add("ro");
            }
        }
    }

    @Test
    void sysfsInAUserNamespaceWithoutItsOwnNetworkBecomesARecursiveBindOfTheHostsSys() throws Exception {
        PlannedMount sys = at(mounts(RootlessMountsCompileTest::sysfsInsteadOfBind, CgroupView.none()), "/sys");
        assertEquals("/sys", sys.source());
        assertEquals("", sys.fstype());
        long want = MountFlags.MS_BIND | MountFlags.MS_REC | MountFlags.MS_RDONLY | MountFlags.MS_NOSUID;
        assertEquals(want, sys.flags() & want);
    }

    @Test
    void sysfsStaysSysfsWithItsOwnNetworkNamespace() throws Exception {
        PlannedMount sys = at(mounts(c -> {
            sysfsInsteadOfBind(c);
            ((ObjectNode) c.get("linux")).withArray("namespaces").addObject().put("type", "network");
        }, CgroupView.none()), "/sys");
        assertEquals("sysfs", sys.fstype());
        assertEquals(0, sys.flags() & MountFlags.MS_BIND);
    }

    @Test
    void cgroupMountOfAContainerWithoutACgroupIsAReadOnlyTmpfs() throws Exception {
        List<PlannedMount> all = mounts(c -> { }, CgroupView.none());
        List<PlannedMount> cg = all.stream().filter(m -> m.destination().startsWith("/sys/fs/cgroup")).toList();
        assertEquals(1, cg.size(), cg.toString());
        assertEquals("tmpfs", cg.get(0).fstype());
        assertTrue((cg.get(0).flags() & MountFlags.MS_RDONLY) != 0, "read-only (CVE-2023-25809)");
    }

    @Test
    void cgroupMountWithTheContainersOwnCgroupsBindsThemThenRemountsTheTmpfsReadOnly()
            throws Exception {
        CgroupView view = new CgroupView(false, List.of(new CgroupView.Hierarchy("memory", Path.of("/sys/fs/cgroup/memory/c"))));
        List<PlannedMount> cg = mounts(c -> { }, view).stream()
                .filter(m -> m.destination().startsWith("/sys/fs/cgroup")).toList();
        assertEquals(3, cg.size(), cg.toString());
        assertEquals(0, cg.get(0).flags() & MountFlags.MS_RDONLY, "writable while the binds make their mountpoints");
        assertEquals("/sys/fs/cgroup/memory/c", cg.get(1).source());
        assertEquals(MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY,
                cg.get(2).flags() & (MountFlags.MS_REMOUNT | MountFlags.MS_RDONLY), "then read-only, as runc");
    }
}
