package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code hostname}, {@code domainname} and {@code linux.sysctl}, seen from inside; the host is untouched. */
class HostnameSysctlTest extends ConformanceTest {

    @Test
    void hostname() {
        String hostBefore = Host.readFile(Path.of("/proc/sys/kernel/hostname"));
        Bundle b = newBundle().sh("hostname; cat /proc/sys/kernel/hostname");
        b.config().put("hostname", "jrunc-box");
        assertEquals(List.of("jrunc-box", "jrunc-box"), output(b).lines().toList());
        assertEquals(hostBefore, Host.readFile(Path.of("/proc/sys/kernel/hostname")), "host hostname unchanged");
    }

    /** {@code domainname} is runtime-spec 1.1; Debian's runc 1.1.5 (spec 1.0.2) ignores it. */
    @Test
    @Tag(Tags.RUNC_1_1_FAILS)
    void domainname() {
        String hostBefore = Host.readFile(Path.of("/proc/sys/kernel/domainname"));
        Bundle b = newBundle().sh("cat /proc/sys/kernel/domainname");
        b.config().put("hostname", "jrunc-box").put("domainname", "jrunc.example");
        assertEquals("jrunc.example", output(b).trim());
        assertEquals(hostBefore, Host.readFile(Path.of("/proc/sys/kernel/domainname")), "host domainname unchanged");
    }

    @Test
    void sysctlInNetworkAndIpcNamespaces() {
        String fwd = Host.readFile(Path.of("/proc/sys/net/ipv4/ip_forward")).trim();
        String shmmax = Host.readFile(Path.of("/proc/sys/kernel/shmmax")).trim();
        String wantFwd = fwd.equals("1") ? "0" : "1";
        Bundle b = newBundle().sh("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax /proc/sys/kernel/msgmax");
        b.linux().putObject("sysctl").put("net.ipv4.ip_forward", wantFwd).put("kernel.shmmax", "123456789")
                .put("kernel/msgmax", "12345");
        assertEquals(List.of(wantFwd, "123456789", "12345"), output(b).lines().toList());
        assertEquals(fwd, Host.readFile(Path.of("/proc/sys/net/ipv4/ip_forward")).trim(), "host ip_forward unchanged");
        assertEquals(shmmax, Host.readFile(Path.of("/proc/sys/kernel/shmmax")).trim(), "host shmmax unchanged");
    }
}
