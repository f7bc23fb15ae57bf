package io.leasehold.dhcp.config.internal;

import java.io.ByteArrayOutputStream;

/**
 * Kea's formatted hex: an optional {@code 0x} prefix, then either groups of one or two digits separated by
 * {@code :} (or by spaces), or a plain run of digits (an odd count gets a leading zero, as Kea does).
 */
public final class HexText {
    private HexText() {
    }

    public static byte[] parseFormatted(String text) {
        String s = text.trim();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() / 2 + 1);
        String separator = s.indexOf(':') >= 0 ? ":" : s.indexOf(' ') >= 0 ? " " : null;
        if (separator != null) {
            for (String group : s.split(separator.equals(" ") ? " +" : ":", -1)) {
                if (group.isEmpty() || group.length() > 2) {
                    throw invalid(text);
                }
                out.write(digits(group, text));
            }
            return out.toByteArray();
        }
        if (s.length() % 2 != 0) {
            s = "0" + s;
        }
        for (int i = 0; i < s.length(); i += 2) {
            out.write(digits(s.substring(i, i + 2), text));
        }
        return out.toByteArray();
    }

    private static int digits(String group, String text) {
        int v = 0;
        for (int i = 0; i < group.length(); i++) {
            int d = Character.digit(group.charAt(i), 16);
            if (d < 0) {
                throw invalid(text);
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not valid hexadecimal data");
    }
}
