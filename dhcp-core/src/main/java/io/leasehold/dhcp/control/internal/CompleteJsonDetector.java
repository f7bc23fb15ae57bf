package io.leasehold.dhcp.control.internal;

import io.netty.buffer.ByteBuf;

/**
 * Tells, as bytes arrive, whether they already hold one complete JSON object or array (Kea's unix-socket framing
 * has no length prefix or delimiter). A small state machine over brackets, strings and escapes; it does not
 * validate, the full parser does that afterwards.
 */
public final class CompleteJsonDetector {
    /** Progress of the input so far. */
    public enum State { INCOMPLETE, COMPLETE, INVALID }

    private int depth;
    private boolean started;
    private boolean inString;
    private boolean escape;

    /** Scans the bytes of {@code buf} from {@code from} to its writer index. */
    public State feed(ByteBuf buf, int from) {
        for (int i = from; i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (b == '\\') {
                    escape = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            switch (b) {
                case '"' -> {
                    if (!started) {
                        return State.INVALID;
                    }
                    inString = true;
                }
                case '{', '[' -> {
                    started = true;
                    depth++;
                }
                case '}', ']' -> {
                    if (!started) {
                        return State.INVALID;
                    }
                    depth--;
                    if (depth == 0) {
                        return State.COMPLETE;
                    }
                }
                case ' ', '\t', '\r', '\n' -> {
                }
                default -> {
                    if (!started) {
                        return State.INVALID;
                    }
                }
            }
        }
        return State.INCOMPLETE;
    }
}
