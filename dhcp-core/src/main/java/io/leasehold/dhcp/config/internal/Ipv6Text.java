package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.lease.Ipv4;

/** Parses IPv6 address text (RFC 4291 §2.2 forms, including {@code ::} and a trailing dotted quad). */
public final class Ipv6Text {
    private Ipv6Text() {
    }

    /** The 16 bytes of {@code text}; IllegalArgumentException when it is not an IPv6 address. */
    public static byte[] parse(String text) {
        String s = text;
        byte[] out = new byte[16];
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gapAt = 0;
            i = 2;
        } else if (s.startsWith(":")) {
            throw invalid(text);
        }
        while (i < n) {
            int colon = s.indexOf(':', i);
            String part = colon < 0 ? s.substring(i) : s.substring(i, colon);
            if (part.contains(".")) {
                if (colon >= 0 || count > 6) {
                    throw invalid(text);
                }
                int v4 = Ipv4.parse(part);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8) {
                throw invalid(text);
            }
            groups[count++] = Integer.parseInt(checkHex(part, text), 16);
            if (colon < 0) {
                break;
            }
            i = colon + 1;
            if (i < n && s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    throw invalid(text);
                }
                gapAt = count;
                i++;
            } else if (i == n) {
                throw invalid(text);
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            throw invalid(text);
        }
        int[] full = new int[8];
        if (gapAt < 0) {
            full = groups;
        } else {
            int tail = count - gapAt;
            System.arraycopy(groups, 0, full, 0, gapAt);
            System.arraycopy(groups, gapAt, full, 8 - tail, tail);
        }
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (full[g] >>> 8);
            out[2 * g + 1] = (byte) full[g];
        }
        return out;
    }

    private static String checkHex(String part, String text) {
        for (int k = 0; k < part.length(); k++) {
            if (Character.digit(part.charAt(k), 16) < 0) {
                throw invalid(text);
            }
        }
        return part;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a valid IPv6 address");
    }
}
