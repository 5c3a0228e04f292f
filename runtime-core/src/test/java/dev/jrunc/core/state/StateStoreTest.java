package dev.jrunc.core.state;

import dev.jrunc.core.JruncException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateStoreTest {
    @TempDir
    Path root;

    private ContainerRecord record(String id) {
        return new ContainerRecord("1.3.0", id, 0, 0, "/b", "/b/rootfs", "2026-01-01T00:00:00Z", Map.of("a", "b"),
                Map.of("memory", "/sys/fs/cgroup/memory/x"), false, false);
    }

    @Test
    void saveLoadRemove() {
        StateStore store = new StateStore(root.resolve("state"));
        store.createContainerDir("c1");
        store.save(record("c1"));
        assertEquals(record("c1"), store.load("c1").orElseThrow());
        assertEquals(List.of("c1"), store.ids());
        store.remove("c1");
        assertFalse(store.exists("c1"));
        assertTrue(store.load("c1").isEmpty());
    }

    @Test
    void directoriesNoContainerCanBeNamedAreNotIds() throws java.io.IOException {
        StateStore store = new StateStore(root);
        store.createContainerDir("c1");
        Files.createDirectory(root.resolve("@seccomp"));
        assertEquals(List.of("c1"), store.ids());
    }

    @Test
    void secondCreateOfSameIdFails() {
        StateStore store = new StateStore(root);
        store.createContainerDir("c1");
        JruncException e = assertThrows(JruncException.class, () -> store.createContainerDir("c1"));
        assertEquals("container with given ID already exists", e.getMessage());
    }

    @Test
    void missingContainerDoesNotExist() {
        StateStore store = new StateStore(root);
        assertEquals("container does not exist", assertThrows(JruncException.class, () -> store.require("x")).getMessage());
    }

    @Test
    void idsThatEscapeTheRootAreRefused() {
        StateStore store = new StateStore(root);
        for (String bad : List.of("../x", "..", ".", "a/b", "")) {
            assertThrows(JruncException.class, () -> store.containerDir(bad), bad);
        }
    }

    @Test
    void statusOfADeadInitIsStopped() throws Exception {
        StateStore store = new StateStore(root);
        store.createContainerDir("c2");
        Files.createFile(store.execFifo("c2"));
        ContainerRecord r = new ContainerRecord("1.3.0", "c2", Integer.MAX_VALUE - 1, 5, "/b", "/b/r",
                "2026-01-01T00:00:00Z", null, null, false, false);
        assertEquals(dev.jrunc.core.spec.ContainerStatus.STOPPED, new StatusProbe(store).status(r));
    }

    @Test
    void statusFollowsFifoAndStartTime() throws Exception {
        StateStore store = new StateStore(root);
        store.createContainerDir("c3");
        int self = (int) ProcessHandle.current().pid();
        long start = ProcStat.read(self).orElseThrow().startTime();
        ContainerRecord r = new ContainerRecord("1.3.0", "c3", self, start, "/b", "/b/r", "2026-01-01T00:00:00Z",
                null, null, false, false);
        Files.createFile(store.execFifo("c3"));
        assertEquals(dev.jrunc.core.spec.ContainerStatus.CREATED, new StatusProbe(store).status(r));
        Files.delete(store.execFifo("c3"));
        assertEquals(dev.jrunc.core.spec.ContainerStatus.RUNNING, new StatusProbe(store).status(r));
        ContainerRecord reused = new ContainerRecord("1.3.0", "c3", self, start + 1, "/b", "/b/r",
                "2026-01-01T00:00:00Z", null, null, false, false);
        assertEquals(dev.jrunc.core.spec.ContainerStatus.STOPPED, new StatusProbe(store).status(reused));
    }

    /** The hand-over of a create made by jrunc-init: pending record, then init file, then rename. */
    @Test
    void pendingCreateDoesNotExistUntilPublished() throws Exception {
        StateStore store = new StateStore(root);
        Path dir = store.createContainerDir("c4");
        store.savePending(record("c4"));
        assertTrue(store.load("c4").isEmpty());
        assertEquals("container does not exist", assertThrows(JruncException.class, () -> store.require("c4")).getMessage());
        assertEquals(List.of(), store.ids().stream().filter(id -> store.load(id).isPresent()).toList());

        Files.writeString(dir.resolve(StateStore.INIT_FILE), "4242 123456");
        assertTrue(store.load("c4").isEmpty());
        Files.move(dir.resolve(StateStore.PENDING_STATE_FILE), dir.resolve(StateStore.STATE_FILE));
        ContainerRecord r = store.require("c4");
        assertEquals(4242, r.pid());
        assertEquals(123456L, r.initStartTime());
        assertEquals(record("c4").bundle(), r.bundle());

        Files.writeString(dir.resolve(StateStore.INIT_FILE), "garbage");
        assertThrows(JruncException.class, () -> store.load("c4"));
    }
}
