package dev.jrunc.core.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One op of a compiled init plan, as the tests read it back: its number and payload. */
record PlannedOp(int op, ByteBuffer payload) {

    /** Every op of {@code plan} in order (docs/init-protocol.md section 3; header 16 bytes). */
    static List<PlannedOp> all(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN);
        b.position(16);
        List<PlannedOp> ops = new ArrayList<>();
        while (b.hasRemaining()) {
            int op = b.getShort() & 0xffff;
            b.getShort();
            int len = b.getInt();
            ops.add(new PlannedOp(op, b.slice(b.position(), len).order(ByteOrder.LITTLE_ENDIAN)));
            b.position(b.position() + len);
        }
        return ops;
    }

    /** A {@code str} field (u32 length, UTF-8 bytes) at {@code b}'s position, which it passes. */
    static String str(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
