package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * containerd (Debian's, 1.6.x) on private sockets drives the runtime through its runc v2 shim:
 * a locally built busybox OCI image is imported and {@code ctr run --runc-binary <binary>} must
 * print the container's output and exit with its code.
 */
class ContainerdSmokeTest extends ConformanceTest {
    private static final String REF = "docker.io/jrunc/busybox:conformance";

    private Path sock;
    private String namespace;

    private Map.Entry<Integer, String> ctr(String... args) {
        List<String> argv = new ArrayList<>(List.of("ctr", "-a", sock.toString(), "-n", namespace));
        argv.addAll(List.of(args));
        return Host.command(argv);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String blob(Path blobs, byte[] data) throws IOException {
        String digest = sha256(data);
        Files.write(blobs.resolve(digest), data);
        return digest;
    }

    /** An OCI image layout tarball: one uncompressed layer with busybox and its applet links. */
    private Path buildImage() throws IOException {
        Bundle rootfsSource = newBundle(); // reuse the bundle rootfs builder for the layer contents
        Path layer = testDir.resolve("layer.tar");
        var t = Host.command(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C",
                rootfsSource.rootfs().toString(), "-cf", layer.toString(), "."));
        assertEquals(0, t.getKey(), t.getValue());
        Path img = testDir.resolve("image");
        Path blobs = Files.createDirectories(img.resolve("blobs/sha256"));
        byte[] layerBytes = Files.readAllBytes(layer);
        String layerDigest = blob(blobs, layerBytes);

        ObjectNode config = Bundle.JSON.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Env").add("PATH=/bin");
        ((ObjectNode) config.get("config")).putArray("Cmd").add("sh");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add("sha256:" + layerDigest);
        byte[] configBytes = Bundle.JSON.writeValueAsBytes(config);
        String configDigest = blob(blobs, configBytes);

        ObjectNode manifest = Bundle.JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", "sha256:" + configDigest).put("size", configBytes.length);
        manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                .put("digest", "sha256:" + layerDigest).put("size", layerBytes.length);
        byte[] manifestBytes = Bundle.JSON.writeValueAsBytes(manifest);
        String manifestDigest = blob(blobs, manifestBytes);

        ObjectNode index = Bundle.JSON.createObjectNode().put("schemaVersion", 2);
        ObjectNode m = index.putArray("manifests").addObject();
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", "sha256:" + manifestDigest)
                .put("size", manifestBytes.length);
        m.putObject("annotations").put("org.opencontainers.image.ref.name", REF);
        Files.write(img.resolve("index.json"), Bundle.JSON.writeValueAsBytes(index));
        Files.writeString(img.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Path tarball = testDir.resolve("image.tar");
        var t2 = Host.command(List.of("tar", "-C", img.toString(), "-cf", tarball.toString(), "oci-layout", "index.json", "blobs"));
        assertEquals(0, t2.getKey(), t2.getValue());
        return tarball;
    }

    private Process startContainerd(Path dir) throws IOException {
        sock = dir.resolve("containerd.sock");
        String toml = """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs",
                  "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp",
                  "io.containerd.internal.v1.tracing"]
                [grpc]
                  address = "%2$s"
                [ttrpc]
                  address = "%2$s.ttrpc"
                [debug]
                  address = ""
                [metrics]
                  address = ""
                """.formatted(dir, sock);
        Path config = dir.resolve("config.toml");
        Files.writeString(config, toml);
        Process p = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("containerd exited:\n" + Files.readString(dir.resolve("containerd.log")));
            }
            if (Files.exists(sock) && ctr("version").getKey() == 0) {
                return p;
            }
            Host.sleep(100);
        }
        throw new AssertionError("containerd did not come up:\n" + Files.readString(dir.resolve("containerd.log")));
    }

    @Test
    void ctrRunsAnImageThroughTheRuntime() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/containerd")), "containerd is installed (.ci/run installs it)");
        Path dir = Files.createDirectories(testDir.resolve("containerd"));
        namespace = "jrunc-ct-" + Long.toHexString(System.nanoTime());
        Path runcRoot = dir.resolve("runc-root");
        Process containerd = startContainerd(dir);
        try {
            Path image = buildImage();
            var imp = ctr("images", "import", image.toString());
            assertEquals(0, imp.getKey(), "import:\n" + imp.getValue());

            String hello = newId();
            var r1 = ctr("run", "--rm", "--runc-binary", rt.binary().toString(), "--runc-root", runcRoot.toString(),
                    REF, hello, "echo", "hello");
            assertEquals(0, r1.getKey(), "ctr run echo hello:\n" + r1.getValue() + log(dir));
            assertEquals("hello\n", r1.getValue());

            String exit3 = newId();
            var r2 = ctr("run", "--rm", "--runc-binary", rt.binary().toString(), "--runc-root", runcRoot.toString(),
                    REF, exit3, "sh", "-c", "exit 3");
            assertEquals(3, r2.getKey(), "exit code of the container:\n" + r2.getValue() + log(dir));

            var tasks = ctr("tasks", "ls", "-q");
            assertEquals("", tasks.getValue().trim(), "no task left");
            var containers = ctr("containers", "ls", "-q");
            assertEquals("", containers.getValue().trim(), "--rm removed the containers");
        } finally {
            stop(containerd, dir);
        }
    }

    private static String log(Path dir) throws IOException {
        String l = Files.readString(dir.resolve("containerd.log"));
        return "\n--- containerd.log (tail) ---\n" + l.substring(Math.max(0, l.length() - 4000));
    }

    /** Removes whatever is left in containerd, stops it and its shims, removes the namespace cgroups. */
    private void stop(Process containerd, Path dir) throws Exception {
        for (String id : ctr("tasks", "ls", "-q").getValue().lines().toList()) {
            ctr("tasks", "kill", "-s", "SIGKILL", id);
            ctr("tasks", "rm", "-f", id);
        }
        for (String id : ctr("containers", "ls", "-q").getValue().lines().toList()) {
            ctr("containers", "rm", id);
        }
        containerd.destroy();
        if (!containerd.waitFor(20, TimeUnit.SECONDS)) {
            containerd.destroyForcibly();
            containerd.waitFor(10, TimeUnit.SECONDS);
        }
        // Shims are not children of containerd's process; they are found by their -address argument.
        Host.processesMentioning(dir.toString(), List.of()).keySet()
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        Host.sleep(200);
        Host.unmountAll(dir.toString());
        for (Path c : Host.cgroupDirsMentioning(List.of(namespace))) {
            try {
                Files.deleteIfExists(c);
            } catch (IOException e) {
                // not empty: the leak check of the tear-down reports the container cgroups
            }
        }
    }
}
