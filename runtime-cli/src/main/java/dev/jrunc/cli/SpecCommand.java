package dev.jrunc.cli;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

@Command(name = "spec", description = "create a new specification file")
final class SpecCommand implements Runnable, GoStyleUsageErrors.ArgCount {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Option(names = {"-b", "--bundle"}, paramLabel = "<dir>", description = "path to the root of the bundle directory")
    String bundle;

    @Option(names = "--rootless", arity = "0..1", description = "generate a configuration for a rootless container")
    boolean rootless;

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run() {
        Spec spec = SpecGenerator.example(SpecGenerator.hostHasUnifiedCgroupHierarchy());
        if (rootless) {
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
