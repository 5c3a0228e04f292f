package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code create}/{@code run --pidfd-socket} (runc 1.2): one message, data "standard", one fd:
 * a pidfd of the container init. The receiver proves it usable with pidfd_send_signal(0).
 * runc 1.1 has no such flag.
 */
@Tag(Tags.RUNC_1_1_FAILS)
class PidfdSocketTest extends ConformanceTest {

    private Process receiver(Path sock) throws Exception {
        Path script = testDir.resolve("pidfd-receiver.py");
        Files.writeString(script, String.join("\n",
                "import os, signal, socket, sys",
                "srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "srv.bind(sys.argv[1])",
                "srv.listen(1)",
                "conn, _ = srv.accept()",
                "msg, fds, flags, addr = socket.recv_fds(conn, 4096, 4)",
                "print('data', msg.decode(), 'fds', len(fds))",
                "print('link', os.readlink('/proc/self/fd/%d' % fds[0]))",
                "print([l for l in open('/proc/self/fdinfo/%d' % fds[0]) if l.startswith('Pid:')][0].strip())",
                "signal.pidfd_send_signal(fds[0], 0)",
                "print('signal ok')",
                ""));
        Process recv = pythonHelper(sock, "receiver did not start", script.toString(), sock.toString());
        return recv;
    }

    private List<String> received(Process recv) throws Exception {
        assertTrue(recv.waitFor(20, TimeUnit.SECONDS), "receiver finished");
        List<String> log = Files.readAllLines(testDir.resolve("helper-0.log"));
        assertEquals(0, recv.exitValue(), "receiver failed: " + log);
        return log;
    }

    @Test
    void createSendsAPidfdOfTheInit() throws Exception {
        Path sock = testDir.resolve("pidfd.sock");
        Process recv = receiver(sock);
        Bundle b = newBundle().args("sleep", "1000");
        b.write();
        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), "--pidfd-socket", sock.toString(), id);
        long pid = state(id).get("pid").asLong();
        assertEquals(List.of("data standard fds 1", "link anon_inode:[pidfd]", "Pid:\t" + pid, "signal ok"),
                received(recv));
        assertEquals("created", status(id));
    }

    @Test
    void runSendsAPidfdOfTheInit() throws Exception {
        Path sock = testDir.resolve("pidfd.sock");
        Process recv = receiver(sock);
        Bundle b = newBundle().args("sleep", "2");
        Path pidFile = testDir.resolve("run.pid");
        b.write();
        String id = newId();
        Invocation run = rt.spawn(List.of("run", "--bundle", b.dir().toString(), "--pidfd-socket", sock.toString(),
                "--pid-file", pidFile.toString(), id), null);
        List<String> log = received(recv);
        Result r = run.await(Runtime.TIMEOUT);
        assertEquals(0, r.exit(), r.describe());
        assertEquals(List.of("data standard fds 1", "link anon_inode:[pidfd]", "Pid:\t" + Files.readString(pidFile),
                "signal ok"), log);
    }

    @Test
    void unreachableSocketFailsTheCreateAndLeavesNothing() {
        Bundle b = newBundle().args("true");
        b.write();
        String id = newId();
        Path sock = testDir.resolve("nobody-listens.sock");
        Result r = rt.exec("create", "--bundle", b.dir().toString(), "--pidfd-socket", sock.toString(), id);
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains(sock.toString()), "the error names the socket: " + r.describe());
        assertEquals(List.of(), leftovers(), "nothing left after the failed create");
    }
}
