package dev.jrunc.cli;

import dev.jrunc.core.plan.InitPlanCompiler;
import dev.jrunc.core.spec.Spec;
import dev.jrunc.core.spec.SpecLoader;
import dev.jrunc.core.spec.validation.SpecValidator;
import dev.jrunc.linux.Native;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's AOT training run (make-dist.sh): runs the commands' code paths in one JVM,
 * without creating containers, so that the classes they load land in the AOT cache.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getenv("JRUNC_TRAIN_DIR"));
        Path bundle = Path.of(System.getenv("JRUNC_TRAIN_BUNDLE"));
        String root = dir.resolve("root").toString();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
        Path specDir = Files.createDirectories(dir.resolve("spec"));
        String[][] runs = {
                {"--version"},
                {"--help"},
                {"features"},
                {"spec", "--bundle", specDir.toString()},
                {"--root", root, "list"},
                {"--root", root, "list", "--format", "json"},
                {"--root", root, "state", "nosuch"},
                {"--root", root, "kill", "nosuch", "KILL"},
                {"--root", root, "delete", "--force", "nosuch"},
                {"--root", root, "delete", "nosuch"},
                {"--root", root, "start", "nosuch"},
                {"--root", root, "--log-format", "json", "--log", dir.resolve("log.json").toString(), "state", "x"},
                {"--root", root, "create", "--bundle", specDir.toString(), "../bad"},
                {"--root", root, "nosuchcommand"},
                {"--root", root, "state"},
        };
        for (String[] run : runs) {
            new Cli(sink, sink).run(run);
        }
        Spec spec = SpecLoader.load(bundle);
        SpecValidator.validate(spec);
        InitPlanCompiler.compile(spec, new InitPlanCompiler.Inputs(bundle,
                InitPlanCompiler.rootfs(spec, bundle), dir.resolve("fifo"), null, false, 0,
                dev.jrunc.core.plan.CgroupView.none()));
        Native.strerror(1);
    }
}
