package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.spec.ContainerState;
import dev.jrunc.core.spec.ContainerStatus;
import dev.jrunc.core.spec.GoTime;
import dev.jrunc.core.spec.SpecJson;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;
import dev.jrunc.core.state.StatusProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code state} and {@code list}: read-only, and kept free of native bindings (hot path). */
public final class ContainerQuery {
    private final StateStore store;
    private final StatusProbe probe;

    public ContainerQuery(RuntimeContext ctx) {
        this.store = ctx.store();
        this.probe = new StatusProbe(store);
    }

    public ContainerState state(String id) {
        return toState(store.require(id), "");
    }

    public String stateJson(String id) {
        return state(id).toJson();
    }

    private ContainerState toState(ContainerRecord r, String owner) {
        ContainerStatus status = probe.status(r);
        int pid = status == ContainerStatus.STOPPED ? 0 : r.pid();
        return new ContainerState(r.ociVersion(), r.id(), pid, status, r.bundle(), r.rootfs(),
                GoTime.parse(r.created()), r.annotations(), owner);
    }

    /** Every container under the root; unloadable ones are reported and skipped, as runc does. */
    public record Listing(List<ContainerState> states) {
    }

    public Listing list(boolean rootGiven, Consumer<String> report) {
        if (!Files.isDirectory(store.root())) {
            if (rootGiven && !Files.exists(store.root())) {
                throw new JruncException("open " + store.root() + ": no such file or directory");
            }
            return new Listing(List.of());
        }
        List<ContainerState> states = new ArrayList<>();
        for (String id : store.ids()) {
            try {
                store.load(id).ifPresent(r -> states.add(toState(r, owner(store.containerDir(id)))));
            } catch (RuntimeException e) {
                report.accept("load container " + id + ": " + e.getMessage());
            }
        }
        return new Listing(states);
    }

    public String listJson(Listing listing) {
        if (listing.states().isEmpty()) {
            return "null";
        }
        try {
            return SpecJson.mapper().writeValueAsString(listing.states());
        } catch (IOException e) {
            throw new JruncException("encode list: " + e.getMessage(), e);
        }
    }

    private static String owner(Path dir) {
        try {
            return Files.readAttributes(dir, PosixFileAttributes.class).owner().getName();
        } catch (IOException e) {
            return "";
        }
    }
}
