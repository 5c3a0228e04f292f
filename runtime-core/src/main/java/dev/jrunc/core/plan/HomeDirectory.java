package dev.jrunc.core.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * HOME for a process whose env does not set it, from the container's /etc/passwd as runc
 * does, "/" when there is no entry.
 *
 * <p>The file belongs to the image, so it is read only if no component of
 * {@code etc/passwd} is a symlink: a link could point at a host file and leak part of it
 * into the container's environment.
 */
final class HomeDirectory {
    private static final long MAX_PASSWD_BYTES = 1 << 20;

    private HomeDirectory() {
    }

    static String of(Path rootfs, long uid) {
        Path etc = rootfs.resolve("etc");
        Path passwd = etc.resolve("passwd");
        try {
            if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(passwd, LinkOption.NOFOLLOW_LINKS)
                    || Files.size(passwd) > MAX_PASSWD_BYTES) {
                return "/";
            }
            List<String> lines = Files.readAllLines(passwd, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[2].equals(Long.toString(uid)) && !f[5].isEmpty()) {
                    return f[5];
                }
            }
        } catch (IOException | RuntimeException e) {
            return "/";
        }
        return "/";
    }
}
