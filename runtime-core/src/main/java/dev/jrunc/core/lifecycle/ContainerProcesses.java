package dev.jrunc.core.lifecycle;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.state.ContainerRecord;
import dev.jrunc.core.state.StateStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** {@code ps}: the container's processes as its cgroup lists them, optionally through the host's ps. */
public final class ContainerProcesses {
    private final StateStore store;

    public ContainerProcesses(RuntimeContext ctx) {
        this.store = ctx.store();
    }

    public List<Integer> pids(String id) {
        ContainerRecord record = store.require(id);
        return CgroupProcesses.pids(record);
    }

    /** Runs {@code ps ARGS} (runc's default {@code -ef}) and keeps the container's lines. */
    public List<String> table(String id, List<String> psArgs) {
        List<Integer> pids = pids(id);
        List<String> argv = new ArrayList<>();
        argv.add("ps");
        argv.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        String output;
        try {
            Process ps = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            ps.getOutputStream().close();
            try (InputStream in = ps.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = ps.waitFor();
            if (status != 0) {
                // runc's words: exec's "exit status N" followed by what ps printed.
                throw new JruncException("exit status " + status + ": " + output.strip());
            }
        } catch (IOException e) {
            // Go's words for a missing binary, which is what ProcessBuilder's error=2 means here.
            String why = String.valueOf(e.getMessage()).contains("error=2") ? "executable file not found in $PATH"
                    : e.getMessage();
            throw new JruncException("exec: \"ps\": " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JruncException("interrupted while running ps");
        }
        return ProcessTable.filter(output, new HashSet<>(pids));
    }
}
