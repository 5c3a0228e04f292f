package dev.jrunc.core.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The huge page sizes the kernel offers, named as the hugetlb controller names them ("2MB", "1GB"). */
final class HugePageSizes {
    private HugePageSizes() {
    }

    static List<String> onHost() {
        List<String> sizes = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/sys/kernel/mm/hugepages"), "hugepages-*kB")) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                long kb = Long.parseLong(name.substring("hugepages-".length(), name.length() - 2));
                sizes.add(name(kb));
            }
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
        sizes.sort(null);
        return sizes;
    }

    static String name(long kb) {
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        int u = 0;
        long v = kb;
        while (v >= 1024 && v % 1024 == 0 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
