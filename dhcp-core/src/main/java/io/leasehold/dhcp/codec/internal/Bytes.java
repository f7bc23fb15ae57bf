package io.leasehold.dhcp.codec.internal;

import java.nio.charset.StandardCharsets;

/** Big-endian reads and writes on byte arrays, and the text rules of DHCP string options. Not public API. */
public final class Bytes {
    private Bytes() {
    }

    public static int getUnsignedShort(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | b[off + 1] & 0xff;
    }

    public static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    public static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** A 4-byte array holding {@code v} big-endian. */
    public static byte[] ofInt(int v) {
        byte[] b = new byte[4];
        putInt(b, 0, v);
        return b;
    }

    /** {@code len} bytes as UTF-8 text without trailing NULs (some clients NUL-terminate; Kea strips them too). */
    public static String text(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && b[end - 1] == 0) {
            end--;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** A NUL-terminated (or field-filling) text field, as {@code sname} and {@code file} hold. */
    public static String cString(byte[] b, int off, int len) {
        int end = off;
        int limit = off + len;
        while (end < limit && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code len} bytes from {@code off} are all zero. */
    public static boolean isZero(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case hex, no separators. */
    public static String hex(byte[] b, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            out[2 * i] = Character.forDigit(v >>> 4, 16);
            out[2 * i + 1] = Character.forDigit(v & 0xf, 16);
        }
        return new String(out);
    }
}
