package dev.jrunc.core.plan;

import dev.jrunc.core.spec.LinuxDevice;

import java.util.List;

/** The device nodes every container gets, as runc gives them (runtime-spec "Default Devices"). */
final class DefaultDevices {
    private DefaultDevices() {
    }

    private static final long MODE = 0666;

    static final List<LinuxDevice> ALL = List.of(
            device("/dev/null", 1, 3),
            device("/dev/zero", 1, 5),
            device("/dev/full", 1, 7),
            device("/dev/random", 1, 8),
            device("/dev/urandom", 1, 9),
            device("/dev/tty", 5, 0));

    private static LinuxDevice device(String path, long major, long minor) {
        return new LinuxDevice(path, "c", major, minor, MODE, 0L, 0L);
    }
}
