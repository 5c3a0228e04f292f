package dev.jrunc.cli;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class SpecCommand implements CliCommand, GoStyleUsageErrors.ArgCount {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "spec", "create a new specification file")
                .addOption(Specs.value("<dir>", "path to the root of the bundle directory", "-b", "--bundle"))
                .addOption(Specs.flag("<rootless>", "generate a configuration for a rootless container", "--rootless"));
    }

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        String bundle = in.value("--bundle", null);
        Spec spec = SpecGenerator.example(SpecGenerator.hostHasUnifiedCgroupHierarchy());
        if (in.flag("--rootless")) {
            Credentials ids = Credentials.effective();
            spec = SpecGenerator.toRootless(spec, ids.uid(), ids.gid());
        }
        Path dir = Path.of(bundle == null || bundle.isEmpty() ? "." : bundle);
        Path config = dir.resolve("config.json");
        if (Files.exists(config)) {
            throw new JruncException("File config.json exists. Remove it first");
        }
        try {
            Files.writeString(config, SpecGenerator.toJson(spec));
        } catch (IOException e) {
            throw new JruncException("write " + config + ": " + e.getMessage(), e);
        }
    }
}
