package dev.jrunc.linux;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Java end of the SOCK_SEQPACKET socketpair to {@code jrunc-init}: one datagram per
 * message, each starting with a little-endian u32 type (see docs/init-protocol.md).
 */
public final class InitChannel implements Closeable {
    public static final int MSG_PLAN = 1;
    public static final int MSG_PID = 2;
    public static final int MSG_GO = 3;
    public static final int MSG_READY = 4;
    /** Carries the seccomp notify fd (SCM_RIGHTS); only {@code jrunc-init create} takes it. */
    public static final int MSG_SECCOMP_FD = 5;
    /** Hooks handshake (prestart/createRuntime); only {@code jrunc-init create} exchanges them,
     *  named here so that their numbers stay taken. */
    public static final int MSG_HOOKS = 6;
    public static final int MSG_RESUME = 7;
    public static final int MSG_ERROR = 127;

    private static final int PLAN_CHUNK = 65536;
    private static final int MAX_MESSAGE = 8192;

    private final LibC libc = Native.libc();
    private int fd;

    public InitChannel(int fd) {
        this.fd = fd;
    }

    /** A received message: its type and the bytes after the type. */
    public record Message(int type, byte[] payload) {
        public int payloadInt() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
    }

    public void sendPlan(byte[] plan) {
        for (int off = 0; off < plan.length; off += PLAN_CHUNK) {
            int len = Math.min(PLAN_CHUNK, plan.length - off);
            ByteBuffer buf = ByteBuffer.allocate(4 + len).order(ByteOrder.LITTLE_ENDIAN);
            buf.putInt(MSG_PLAN).put(plan, off, len);
            send(buf.array());
        }
    }

    public void sendType(int type) {
        send(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(type).array());
    }

    private void send(byte[] bytes) {
        while (true) {
            long n = libc.send(fd, bytes, bytes.length, 0);
            if (n == bytes.length) {
                return;
            }
            if (n < 0 && Native.errno() == LinuxConstants.EINTR) {
                continue;
            }
            throw n < 0 ? Native.failure("send to jrunc-init")
                    : new NativeException("send to jrunc-init", 0, "short write");
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for the next message. Returns null when the other
     * side closed the socket (every copy of its end is gone).
     */
    public Message receive(int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] pollfd = new byte[8];
        ByteBuffer.wrap(pollfd).order(ByteOrder.LITTLE_ENDIAN).putInt(fd).putShort(LinuxConstants.POLLIN);
        while (true) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            int r = libc.poll(pollfd, 1, left);
            if (r < 0 && Native.errno() == LinuxConstants.EINTR) {
                continue;
            }
            if (r < 0) {
                throw Native.failure("poll on jrunc-init socket");
            }
            if (r == 0) {
                throw new NativeException("waiting for jrunc-init", 0,
                        "timed out after " + timeoutMillis + " ms");
            }
            byte[] buf = new byte[MAX_MESSAGE];
            long n = libc.recv(fd, buf, buf.length, 0);
            if (n < 0 && Native.errno() == LinuxConstants.EINTR) {
                continue;
            }
            if (n < 0) {
                throw Native.failure("receive from jrunc-init");
            }
            if (n == 0) {
                return null;
            }
            if (n < 4) {
                throw new NativeException("receive from jrunc-init", 0, "message too short");
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.LITTLE_ENDIAN);
            int type = b.getInt();
            return new Message(type, Arrays.copyOfRange(buf, 4, (int) n));
        }
    }

    /** The text of an ERROR message: i32 errno, then UTF-8 text. */
    public static String errorText(Message m) {
        if (m.payload().length < 4) {
            return "jrunc-init failed";
        }
        return new String(m.payload(), 4, m.payload().length - 4, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }
}
