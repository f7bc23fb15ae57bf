package io.leasehold.dhcp.lease;

/** Hex text helpers shared by the identifier types (package-private). */
final class HexText {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexText() {
    }

    static String toColonHex(byte[] bytes) {
        if (bytes.length == 0) {
            return "";
        }
        char[] out = new char[bytes.length * 3 - 1];
        int p = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                out[p++] = ':';
            }
            out[p++] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[p++] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Groups of one or two hex digits separated by ':'. */
    static byte[] parseColonSeparated(String text, int maxLength, String what) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        String[] groups = text.split(":", -1);
        if (groups.length > maxLength) {
            throw new IllegalArgumentException(what + " '" + text + "' is longer than " + maxLength + " bytes");
        }
        byte[] out = new byte[groups.length];
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty() || g.length() > 2) {
                throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
            }
            int v = 0;
            for (int j = 0; j < g.length(); j++) {
                int d = Character.digit(g.charAt(j), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
                }
                v = v * 16 + d;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** Either colon-separated groups or a plain even-length run of hex digits. */
    static byte[] parseFlexible(String text, int maxLength, String what) {
        if (text.indexOf(':') >= 0) {
            return parseColonSeparated(text, maxLength, what);
        }
        if (text.length() % 2 != 0 || text.length() / 2 > maxLength) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }
}
