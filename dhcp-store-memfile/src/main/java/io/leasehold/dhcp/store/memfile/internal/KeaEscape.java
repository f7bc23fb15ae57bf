package io.leasehold.dhcp.store.memfile.internal;

/**
 * Kea's lease-file escaping of free-text columns (host name, user context): a byte is written as {@code &#x} and two
 * lower-case hex digits, with no trailing {@code ;}. Kea escapes {@code ,} and {@code &}; Leasehold also escapes
 * {@code \n} and {@code \r}, which Kea writes raw (corrupting its own file) but decodes like any {@code &#xHH}.
 */
public final class KeaEscape {
    private KeaEscape() {
    }

    static boolean needsEscape(byte c) {
        return c == ',' || c == '&' || c == '\n' || c == '\r';
    }

    /**
     * Decodes {@code src[off, end)} into {@code dst} (which must hold {@code end - off} bytes): each {@code &#xHH}
     * becomes byte 0xHH; a tag not followed by two hex digits is kept as is, as Kea does. Returns the length.
     */
    public static int unescape(byte[] src, int off, int end, byte[] dst) {
        int n = 0;
        int i = off;
        while (i < end) {
            byte c = src[i];
            if (c == '&' && i + 2 < end && src[i + 1] == '#' && src[i + 2] == 'x') {
                if (i + 4 < end && hex(src[i + 3]) >= 0 && hex(src[i + 4]) >= 0) {
                    dst[n++] = (byte) (hex(src[i + 3]) << 4 | hex(src[i + 4]));
                    i += 5;
                    continue;
                }
                dst[n++] = '&';
                dst[n++] = '#';
                dst[n++] = 'x';
                i += 3;
                continue;
            }
            dst[n++] = c;
            i++;
        }
        return n;
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
