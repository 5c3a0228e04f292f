package dev.jrunc.core.seccomp;

import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.core.spec.LinuxSeccompArg;
import dev.jrunc.core.spec.LinuxSyscall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeccompProgramCacheTest {
    @TempDir
    Path root;

    private final AtomicInteger compilations = new AtomicInteger();

    /** A stand-in compiler whose program encodes the filter's text, so a wrong hit shows. */
    private final Function<LinuxSeccomp, SeccompCompiler.Program> compiler = s -> {
        compilations.incrementAndGet();
        byte[] bpf = new byte[8 * (1 + Math.abs(s.hashCode() % 7))];
        bpf[0] = (byte) s.hashCode();
        return new SeccompCompiler.Program(s.syscalls().size(), bpf);
    };

    private SeccompProgramCache cache(String env) {
        return new SeccompProgramCache(root.resolve(SeccompProgramCache.DIR_NAME), () -> Optional.of(env));
    }

    private static LinuxSeccomp filter(String... names) {
        return new LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), List.of(), null, null,
                List.of(new LinuxSyscall(List.of(names), "SCMP_ACT_ERRNO", 1L,
                        List.of(new LinuxSeccompArg(0L, 1L, null, "SCMP_CMP_EQ")))));
    }

    @Test
    void secondLookupIsServedFromTheCacheWithTheSameProgram() throws IOException {
        SeccompCompiler.Program first = cache("env").program(filter("mkdir"), compiler);
        SeccompCompiler.Program second = cache("env").program(filter("mkdir"), compiler);
        assertEquals(1, compilations.get());
        assertEquals(first.flags(), second.flags());
        assertArrayEquals(first.bpf(), second.bpf());
        Path dir = root.resolve(SeccompProgramCache.DIR_NAME);
        assertEquals("rwx------", PosixFilePermissions.toString(assertDoesExist(dir)));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(assertExists(f)));
            }
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> assertExists(Path f) {
        try {
            return Files.getPosixFilePermissions(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anotherFilterOrEnvironmentIsCompiled() {
        cache("env").program(filter("mkdir"), compiler);
        cache("env").program(filter("rmdir"), compiler);
        cache("other libseccomp").program(filter("mkdir"), compiler);
        assertEquals(3, compilations.get());
    }

    @Test
    void namesThatPrintAlikeAreDifferentKeys() {
        // ["a, b"] and ["a", "b"] print the same in a List's toString; the key must tell them apart.
        assertNotEquals(SeccompKey.of("e", filter("a, b")), SeccompKey.of("e", filter("a", "b")));
        assertNotEquals(SeccompKey.of("e;", filter("x")), SeccompKey.of("e", filter(";x")));
    }

    @Test
    void anEntryWhoseKeyDiffersIsNotUsed() throws IOException {
        cache("env").program(filter("mkdir"), compiler);
        Path dir = root.resolve(SeccompProgramCache.DIR_NAME);
        Path entry;
        try (var files = Files.list(dir)) {
            entry = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("mkdir");
        bytes[at] = 'r';    // same length and hash bucket, another filter: must not match
        Files.write(entry, bytes);
        cache("env").program(filter("mkdir"), compiler);
        assertEquals(2, compilations.get());
    }

    @Test
    void aTruncatedEntryIsCompiledAgain() throws IOException {
        cache("env").program(filter("mkdir"), compiler);
        try (var files = Files.list(root.resolve(SeccompProgramCache.DIR_NAME))) {
            Path entry = files.findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(entry);
            Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        }
        cache("env").program(filter("mkdir"), compiler);
        assertEquals(2, compilations.get());
    }

    @Test
    void aDirectoryOthersMayWriteIsNeitherReadNorWritten() throws IOException {
        Path dir = Files.createDirectory(root.resolve(SeccompProgramCache.DIR_NAME),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        cache("env").program(filter("mkdir"), compiler);
        cache("env").program(filter("mkdir"), compiler);
        assertEquals(2, compilations.get());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aSymlinkedDirectoryIsNotTrusted() throws IOException {
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(root.resolve(SeccompProgramCache.DIR_NAME), elsewhere);
        cache("env").program(filter("mkdir"), compiler);
        cache("env").program(filter("mkdir"), compiler);
        assertEquals(2, compilations.get());
    }

    @Test
    void withoutAHostEnvironmentNothingIsCached() {
        SeccompProgramCache none = new SeccompProgramCache(root.resolve(SeccompProgramCache.DIR_NAME), Optional::empty);
        none.program(filter("mkdir"), compiler);
        none.program(filter("mkdir"), compiler);
        assertEquals(2, compilations.get());
        assertTrue(Files.notExists(root.resolve(SeccompProgramCache.DIR_NAME)));
    }

    @Test
    void theHostEnvironmentNamesLibseccompAndTheKernel() {
        Optional<String> env = SeccompProgramCache.hostEnvironment();
        if (env.isPresent()) {
            assertTrue(env.get().contains("libseccomp"), env.get());
            assertTrue(env.get().contains("kernel " + System.getProperty("os.version").split("-")[0]), env.get());
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> assertDoesExist(Path dir) {
        assertTrue(Files.isDirectory(dir));
        try {
            return Files.getPosixFilePermissions(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
