package dev.jrunc.linux.plan;

import java.util.ArrayList;
import java.util.List;

/** Message types on the jrunc-init socket (docs/init-protocol.md, section 2). */
public final class InitMessage {
    public static final int PLAN = 1;
    public static final int PID = 2;
    public static final int GO = 3;
    public static final int READY = 4;
    public static final int ERROR = 127;

    /** Plan bytes per PLAN message. */
    public static final int MAX_PLAN_CHUNK = 65536;
    /** Bytes of text in an ERROR message. */
    public static final int MAX_ERROR_TEXT = 4000;

    private InitMessage() {}

    /** A message of the given type with no payload (GO). */
    public static byte[] empty(int type) {
        return withType(type, new byte[0], 0, 0);
    }

    /** Splits a plan into PLAN messages, each one datagram. */
    public static List<byte[]> planMessages(byte[] plan) {
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < plan.length; off += MAX_PLAN_CHUNK) {
            out.add(withType(PLAN, plan, off, Math.min(MAX_PLAN_CHUNK, plan.length - off)));
        }
        return out;
    }

    /** The type of a received message; -1 if it is too short to have one. */
    public static int type(byte[] msg, int len) {
        return len < 4 ? -1 : LittleEndian.u32(msg, 0);
    }

    private static byte[] withType(int type, byte[] src, int off, int len) {
        byte[] msg = new byte[4 + len];
        LittleEndian.putU32(msg, 0, type);
        System.arraycopy(src, off, msg, 4, len);
        return msg;
    }
}
