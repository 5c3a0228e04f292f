package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerUpdater;
import dev.jrunc.core.lifecycle.ResourceUpdate;
import dev.jrunc.core.spec.LinuxResources;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class UpdateCommand implements CliCommand {
    /** runc's value flags, in its help order; each maps onto a field of the resources document. */
    static final List<String[]> FLAGS = List.of(
            new String[] {"blkio-weight", "Specifies per cgroup weight, range is from 10 to 1000 (default: 0)"},
            new String[] {"cpu-period", "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"},
            new String[] {"cpu-quota", "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"},
            new String[] {"cpu-share", "CPU shares (relative weight vs. other containers)"},
            new String[] {"cpu-rt-period", "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default"},
            new String[] {"cpu-rt-runtime", "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period"},
            new String[] {"cpuset-cpus", "CPU(s) to use"},
            new String[] {"cpuset-mems", "Memory node(s) to use"},
            new String[] {"kernel-memory", "(obsoleted; do not use)"},
            new String[] {"kernel-memory-tcp", "(obsoleted; do not use)"},
            new String[] {"memory", "Memory limit (in bytes)"},
            new String[] {"memory-reservation", "Memory reservation or soft_limit (in bytes)"},
            new String[] {"memory-swap", "Total memory usage (memory + swap); set '-1' to enable unlimited swap"},
            new String[] {"pids-limit", "Maximum number of pids allowed in the container (default: 0)"},
            new String[] {"l3-cache-schema", "The string of Intel RDT/CAT L3 cache schema"},
            new String[] {"mem-bw-schema", "The string of Intel RDT/MBA memory bandwidth schema"});

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "update", "update container resource constraints")
                .addOption(Specs.value("<resources>", "path to the file containing the resources to update or '-' to read "
                        + "from the standard input", "-r", "--resources"));
        for (String[] f : FLAGS) {
            spec.addOption(Specs.value("<" + f[0] + ">", f[1], "--" + f[0]));
        }
        return spec.addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        LinuxResources resources;
        String file = in.value("--resources", null);
        if (file != null) {
            // As runc: with a document, every other flag is ignored.
            resources = ResourceUpdate.fromJson(read(file), file);
        } else {
            Map<String, String> given = new LinkedHashMap<>();
            for (String[] f : FLAGS) {
                if (in.has("--" + f[0])) {
                    given.put(f[0], in.value("--" + f[0], null));
                }
            }
            resources = ResourceUpdate.fromFlags(given);
        }
        new ContainerUpdater(in.jrunc().context()).update(in.positional(0, null), resources);
    }

    private static String read(String file) {
        try {
            if (file.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new JruncException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new JruncException("open " + file + ": " + e.getMessage(), e);
        }
    }
}
