package dev.jrunc.linux.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the C reader's test harness, {@code plan-dump}, on a plan. */
final class PlanDump {
    record Result(int exit, String out, String err) {}

    private PlanDump() {}

    static Path binary() {
        String dir = System.getProperty("jrunc.native.dir");
        if (dir == null) {
            throw new IllegalStateException("jrunc.native.dir is not set");
        }
        Path p = Path.of(dir, "plan-dump");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is not built");
        }
        return p;
    }

    static Result run(byte[] input) {
        try {
            Process proc = new ProcessBuilder(binary().toString()).start();
            CompletableFuture<byte[]> out = read(proc.getInputStream());
            CompletableFuture<byte[]> err = read(proc.getErrorStream());
            try (OutputStream in = proc.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // The reader may stop reading early on a bad plan; its verdict is what counts.
            }
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new AssertionError("plan-dump did not finish");
            }
            return new Result(proc.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<byte[]> read(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}
