package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default device nodes and /dev symlinks, and {@code linux.devices}. */
class DevicesTest extends ConformanceTest {

    @Test
    void defaultDeviceNodes() {
        Bundle b = newBundle().sh("for d in null zero full random urandom tty; do stat -c '%n %F %t:%T %a' /dev/$d; done");
        assertEquals(List.of(
                "/dev/null character special file 1:3 666",
                "/dev/zero character special file 1:5 666",
                "/dev/full character special file 1:7 666",
                "/dev/random character special file 1:8 666",
                "/dev/urandom character special file 1:9 666",
                "/dev/tty character special file 5:0 666"), output(b).lines().toList());
    }

    @Test
    void defaultDevicesWork() {
        Bundle b = newBundle().sh("echo x > /dev/null; echo null=$?; head -c 4 /dev/zero | od -An -tx1;"
                + " echo x > /dev/full 2>/dev/null; echo full=$?; head -c 16 /dev/urandom | wc -c");
        assertEquals(List.of("null=0", "00 00 00 00", "full=1", "16"),
                output(b).lines().map(String::trim).toList());
    }

    @Test
    void devSymlinks() {
        Bundle b = newBundle().sh("for l in fd stdin stdout stderr ptmx; do echo $l=$(readlink /dev/$l); done");
        assertEquals(List.of("fd=/proc/self/fd", "stdin=/proc/self/fd/0", "stdout=/proc/self/fd/1",
                "stderr=/proc/self/fd/2", "ptmx=pts/ptmx"), output(b).lines().toList());
    }

    @Test
    void customDevices() {
        Bundle b = newBundle().sh("stat -c '%n %F %t:%T %a %u:%g' /dev/jrunc-null /dev/jrunc-fifo;"
                + " echo x > /dev/jrunc-null; echo write=$?");
        ArrayNode d = b.linux().putArray("devices");
        d.addObject().put("path", "/dev/jrunc-null").put("type", "c").put("major", 1).put("minor", 3)
                .put("fileMode", 0640).put("uid", 0).put("gid", 5);
        d.addObject().put("path", "/dev/jrunc-fifo").put("type", "p").put("fileMode", 0600).put("uid", 0).put("gid", 0);
        assertEquals(List.of(
                "/dev/jrunc-null character special file 1:3 640 0:5",
                "/dev/jrunc-fifo fifo 0:0 600 0:0",
                "write=0"), output(b).lines().toList());
    }

    @Test
    void deviceNotAllowedByCgroupCannotBeUsed() {
        // c 1:1 is /dev/mem. With CAP_MKNOD and CAP_SYS_RAWIO only the device cgroup (deny all but the
        // defaults) can stop the container: either mknod (if "m" is denied) or the open must fail with EPERM.
        Bundle b = newBundle();
        b.mount("/devmem", "tmpfs", "tmpfs", "mode=755");
        b.sh("mknod /devmem/mem c 1 1 2>&1 && head -c 1 /devmem/mem 2>&1 >/dev/null; echo rc=$?;"
                + " mknod /devmem/null c 1 3 && echo ok > /devmem/null; echo null-rc=$?");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ((ArrayNode) b.process().with("capabilities").withArray(set)).add("CAP_MKNOD").add("CAP_SYS_RAWIO");
        }
        List<String> out = output(b).lines().toList();
        assertEquals(3, out.size(), out.toString());
        assertEquals(true, out.get(0).contains("Operation not permitted"), out.toString());
        assertEquals(List.of("rc=1", "null-rc=0"), out.subList(1, 3), "allowed 1:3 works, denied 1:1 does not");
    }
}
