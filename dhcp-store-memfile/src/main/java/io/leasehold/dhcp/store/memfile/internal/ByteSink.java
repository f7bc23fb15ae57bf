package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/** A growable byte buffer that lease rows are rendered into (ASCII text, no String garbage). */
public final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    public ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    public void reset() {
        len = 0;
    }

    /** Drops everything after {@code length} bytes. */
    public void truncate(int length) {
        len = length;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ByteSink put(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    public ByteSink put(char c) {
        return put((byte) c);
    }

    public ByteSink put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Decimal text of a non-negative or negative long. */
    public ByteSink decimal(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] s = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                return put(s, 0, s.length);
            }
            put('-');
            v = -v;
        }
        ensure(20);
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /** Dotted-quad text of an IPv4 address. */
    public ByteSink dotted(int address) {
        decimal(address >>> 24).put('.').decimal((address >>> 16) & 0xff).put('.');
        return decimal((address >>> 8) & 0xff).put('.').decimal(address & 0xff);
    }

    /** Lower-case hex bytes separated by {@code :}, Kea's form for hardware addresses and client ids. */
    public ByteSink colonHex(byte[] b, int off, int n) {
        ensure(3 * n);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                buf[len++] = ':';
            }
            buf[len++] = HEX[(b[off + i] >> 4) & 0xf];
            buf[len++] = HEX[b[off + i] & 0xf];
        }
        return this;
    }

    /** Appends text escaped by {@link KeaEscape#escape}. */
    public ByteSink escaped(byte[] b, int off, int n) {
        ensure(n);
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (KeaEscape.needsEscape(c)) {
                ensure(5);
                buf[len++] = '&';
                buf[len++] = '#';
                buf[len++] = 'x';
                buf[len++] = HEX[(c >> 4) & 0xf];
                buf[len++] = HEX[c & 0xf];
            } else {
                put(c);
            }
        }
        return this;
    }
}
