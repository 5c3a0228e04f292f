package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LISTEN_FDS/LISTEN_PID socket activation as runc: when LISTEN_PID is the runtime's pid, fds
 * 3..3+LISTEN_FDS-1 reach the container at the same numbers, ahead of --preserve-fds, with
 * LISTEN_FDS=N and LISTEN_PID=1 in its environment. The runtime is started through
 * {@code sh -c 'LISTEN_PID=$$ ... exec runtime'}, so that LISTEN_PID is its pid, as systemd does.
 */
class SocketActivationTest extends ConformanceTest {

    /** Runs the runtime with fd 3 (and 4) open on files holding "listened" ("preserved"). */
    private Result activated(String listenPid, List<String> runtimeArgs) throws Exception {
        Path listened = testDir.resolve("listened.txt");
        Path preserved = testDir.resolve("preserved.txt");
        Files.writeString(listened, "listened\n");
        Files.writeString(preserved, "preserved\n");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                "export LISTEN_PID=" + listenPid + " LISTEN_FDS=1; exec \"$@\" 3<" + listened + " 4<" + preserved, "sh"));
        argv.addAll(rt.argv(runtimeArgs));
        return rt.spawnRaw(argv, null).await(Runtime.TIMEOUT);
    }

    private static final String SHOW = "echo \"env ${LISTEN_FDS:-none} ${LISTEN_PID:-none}\"; "
            + "cat <&3 || echo no-fd-3; cat <&4 2>/dev/null || echo no-fd-4";

    @Test
    void listenFdsReachTheContainer() throws Exception {
        Bundle b = newBundle().args("sh", "-c", SHOW);
        b.write();
        Result r = activated("$$", List.of("run", "--bundle", b.dir().toString(), newId()));
        assertEquals(0, r.exit(), r.describe());
        assertEquals("env 1 1\nlistened\nno-fd-4\n", r.stdout(), r.describe());
    }

    @Test
    void preservedFdsComeAfterTheListenFds() throws Exception {
        Bundle b = newBundle().args("sh", "-c", SHOW);
        b.write();
        Result r = activated("$$", List.of("run", "--preserve-fds", "1", "--bundle", b.dir().toString(), newId()));
        assertEquals(0, r.exit(), r.describe());
        assertEquals("env 1 1\nlistened\npreserved\n", r.stdout(), r.describe());
    }

    @Test
    void fdsMeantForAnotherProcessAreNotPassed() throws Exception {
        Bundle b = newBundle().args("sh", "-c", SHOW);
        b.write();
        Result r = activated("1", List.of("run", "--bundle", b.dir().toString(), newId()));
        assertEquals(0, r.exit(), r.describe());
        assertEquals("env none none\nno-fd-3\nno-fd-4\n", r.stdout().replaceAll("(?m)^.*can't open.*\n", ""),
                r.describe());
    }

    @Test
    void createPassesThemToo() throws Exception {
        Bundle b = newBundle().args("sh", "-c", "(" + SHOW + ") > /out.txt 2>/dev/null").readonlyRoot(false);
        b.write();
        String id = newId();
        Result r = activated("$$", List.of("create", "--bundle", b.dir().toString(), id));
        assertEquals(0, r.exit(), r.describe());
        rt.ok("start", id);
        awaitStatus(id, "stopped", Duration.ofSeconds(10));
        assertEquals("env 1 1\nlistened\nno-fd-4\n", Files.readString(b.rootfs().resolve("out.txt")));
        rt.ok("delete", id);
    }
}
