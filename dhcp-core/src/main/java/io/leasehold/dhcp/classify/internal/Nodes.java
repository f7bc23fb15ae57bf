package io.leasehold.dhcp.classify.internal;

import io.leasehold.dhcp.classify.PacketView;

import java.util.function.Predicate;

/** Evaluation nodes. String nodes produce byte strings; boolean nodes produce booleans. */
final class Nodes {
    private Nodes() {
    }

    /** Evaluation context. */
    record Ctx(PacketView packet, Predicate<String> memberOf) {
    }

    /** Thrown for Kea's run-time type errors (the class test then fails). */
    static final class EvalError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvalError(String m) {
            super(m, null, false, false);
        }
    }

    interface Str {
        byte[] eval(Ctx c);
    }

    interface Bool {
        boolean eval(Ctx c);
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] bool(boolean b) {
        return b ? new byte[] {'t', 'r', 'u', 'e'} : new byte[] {'f', 'a', 'l', 's', 'e'};
    }
}
