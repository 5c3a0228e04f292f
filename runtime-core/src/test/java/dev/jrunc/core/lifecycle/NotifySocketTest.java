package dev.jrunc.core.lifecycle;

import dev.jrunc.core.spec.Mount;
import dev.jrunc.core.spec.Process;
import dev.jrunc.core.spec.Spec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a container created under NOTIFY_SOCKET gets, as runc's notify_socket.go setupSpec. */
class NotifySocketTest {
    @Test
    void stateDirNotifyIsMountedAndTheVariableAppended() {
        Process p = new Process(null, null, null, List.of("sh"), null, List.of("PATH=/bin"), "/", null, null, null,
                null, null, null, null, null, null);
        Mount proc = new Mount("/proc", "proc", "proc", null, null, null);
        Spec spec = new Spec("1.2.0", p, null, null, null, List.of(proc), null, null, null);

        Spec out = NotifySocket.withSocket(spec, Path.of("/run/jrunc/c1"));

        assertEquals(List.of(proc, new Mount("/run/notify", "bind", "/run/jrunc/c1/notify",
                List.of("bind", "nosuid", "noexec", "nodev", "ro"), null, null)), out.mounts());
        assertEquals(List.of("PATH=/bin", "NOTIFY_SOCKET=/run/notify/notify.sock"), out.process().env());
        assertEquals(List.of("sh"), out.process().args());
    }
}
