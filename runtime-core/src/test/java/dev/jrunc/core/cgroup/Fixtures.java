package dev.jrunc.core.cgroup;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the mountinfo + /proc/self/cgroup pairs under src/test/resources/cgroup/. */
final class Fixtures {
    private Fixtures() {}

    static Path file(String name) {
        URL url = Fixtures.class.getResource("/cgroup/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource cgroup/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CgroupLayout layout(String dir) throws CgroupException {
        return layout(dir, Path.of("/"));
    }

    static CgroupLayout layout(String dir, Path rootPrefix) throws CgroupException {
        return CgroupLayout.read(file(dir + "/mountinfo"), file(dir + "/cgroup"), rootPrefix);
    }
}
