package dev.jrunc.core.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** LISTEN_FDS/LISTEN_PID as go-systemd's activation.Files reads them for runc. */
class SocketActivationTest {
    @Test
    void fdsPassedToThisPidAreTaken() {
        assertEquals(2, SocketActivation.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "4242"), 4242));
    }

    @Test
    void fdsMeantForAnotherProcessAreNotOurs() {
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "1"), 4242));
    }

    @Test
    void missingOrUnparsableVariablesMeanNoActivation() {
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_FDS", "2"), 4242));
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_PID", "4242"), 4242));
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_FDS", "two", "LISTEN_PID", "4242"), 4242));
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "x"), 4242));
        assertEquals(0, SocketActivation.listenFds(Map.of("LISTEN_FDS", "-1", "LISTEN_PID", "4242"), 4242));
    }

    @Test
    void theContainerSeesItselfAsTheListener() {
        assertEquals(List.of("PATH=/bin", "LISTEN_FDS=3", "LISTEN_PID=1"),
                SocketActivation.env(List.of("PATH=/bin"), 3));
        assertEquals(List.of("LISTEN_FDS=1", "LISTEN_PID=1"), SocketActivation.env(null, 1));
    }
}
