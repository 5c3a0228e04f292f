package dev.jrunc.core.seccomp;

import dev.jrunc.core.Version;
import dev.jrunc.core.spec.LinuxSeccomp;
import dev.jrunc.linux.plan.PlanLimits;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Compiled seccomp programs kept between commands, in {@code <root>/@seccomp}. Loading
 * libseccomp through jnr-ffi costs a fresh JVM most of a second, while clients run nearly
 * every container with the same profile (containerd's and podman's defaults): the first
 * container pays, the next ones read a file. An entry holds its full key (the filter and the
 * jrunc, libseccomp and kernel that compiled it) and is used only when that key matches
 * exactly; the file name is merely a hash of it. '@' is not allowed in container ids, so no
 * container ever meets the directory. Only successful compilations are stored, and storing
 * is best effort: a cache that cannot be written just compiles every time.
 */
public final class SeccompProgramCache {
    static final String DIR_NAME = "@seccomp";
    private static final int MAGIC = 0x6a736331;    // "jsc1"
    private static final int MAX_KEY_BYTES = 4 << 20;
    private static final Set<PosixFilePermission> UNSAFE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final Path dir;
    private final Supplier<Optional<String>> environment;

    SeccompProgramCache(Path dir, Supplier<Optional<String>> environment) {
        this.dir = dir;
        this.environment = environment;
    }

    /** The cache of a state root, keyed with this host's jrunc, libseccomp and kernel. */
    public static SeccompProgramCache under(Path stateRoot) {
        return new SeccompProgramCache(stateRoot.resolve(DIR_NAME), SeccompProgramCache::hostEnvironment);
    }

    /** The program of {@code seccomp}: from the cache when an entry matches, else from {@code compiler}. */
    public SeccompCompiler.Program program(LinuxSeccomp seccomp, Function<LinuxSeccomp, SeccompCompiler.Program> compiler) {
        Optional<String> env = environment.get();
        if (env.isEmpty()) {
            return compiler.apply(seccomp);
        }
        byte[] key = SeccompKey.of(env.get(), seccomp).getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve(Long.toHexString(fnv1a(key)) + ".bpf");
        SeccompCompiler.Program cached = read(file, key);
        if (cached != null) {
            return cached;
        }
        SeccompCompiler.Program program = compiler.apply(seccomp);
        write(file, key, program);
        return program;
    }

    private SeccompCompiler.Program read(Path file, byte[] key) {
        if (!trusted(dir)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
             DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != MAGIC) {
                return null;
            }
            int keyLength = data.readInt();
            if (keyLength != key.length) {
                return null;
            }
            if (!java.util.Arrays.equals(data.readNBytes(keyLength), key)) {
                return null;
            }
            int flags = data.readInt();
            int length = data.readInt();
            if (length <= 0 || length % PlanLimits.SECCOMP_INSN_BYTES != 0
                    || length > PlanLimits.MAX_SECCOMP_INSNS * PlanLimits.SECCOMP_INSN_BYTES) {
                return null;
            }
            byte[] bpf = data.readNBytes(length);
            return bpf.length == length && data.read() < 0 ? new SeccompCompiler.Program(flags, bpf) : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;    // unreadable or cut short: compile instead
        }
    }

    private void write(Path file, byte[] key, SeccompCompiler.Program program) {
        if (key.length > MAX_KEY_BYTES) {
            return;
        }
        Path tmp = dir.resolve("." + ThreadLocalRandom.current().nextLong() + ".tmp");
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!trusted(dir)) {
                return;
            }
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE);
                 DataOutputStream data = new DataOutputStream(out)) {
                data.writeInt(MAGIC);
                data.writeInt(key.length);
                data.write(key);
                data.writeInt(program.flags());
                data.writeInt(program.bpf().length);
                data.write(program.bpf());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a stray temp file is never read as an entry
            }
        }
    }

    /** A real directory that nobody but its owner may write. */
    private static boolean trusted(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                return false;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            return perms.stream().noneMatch(UNSAFE::contains);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * jrunc's version, the kernel release, and the identity (path, size, modification time,
     * inode) of the libseccomp the binding would load; empty when none is found, which means
     * no caching.
     */
    static Optional<String> hostEnvironment() {
        for (String d : new String[] {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"}) {
            Path lib = Path.of(d, "libseccomp.so.2");
            try {
                Path real = lib.toRealPath();
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
                String kernel = Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).getFirst();
                return Optional.of("jrunc " + Version.JRUNC + " " + System.getProperty("os.arch") + " kernel " + kernel
                        + " libseccomp " + real + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " "
                        + a.fileKey());
            } catch (IOException | RuntimeException e) {
                // not here; try the next directory
            }
        }
        return Optional.empty();
    }

    private static long fnv1a(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
