package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/**
 * The variable-length part of one lease packed into bytes (held in a {@link BlobArena} chunk, or a scratch array,
 * at some base offset). Layout:
 *
 * <pre>
 * [flags]                       FQDN_FWD | FQDN_REV | HW | CID | CONTEXT
 * [htype][len][bytes...]        only with HW
 * [len][bytes...]               only with CID (2..255 bytes)
 * [varint len][utf-8 bytes...]  host name, always (length 0 when empty)
 * [varint len][utf-8 bytes...]  user context JSON, only with CONTEXT
 * </pre>
 */
public final class LeaseBlob {
    public static final int FQDN_FWD = 1;
    public static final int FQDN_REV = 2;
    public static final int HW = 4;
    public static final int CID = 8;
    public static final int CONTEXT = 16;

    private LeaseBlob() {
    }

    /** Bytes a blob takes; a negative length means "absent" (for the host name: empty). */
    public static int size(int hwLen, int cidLen, int hostLen, int contextLen) {
        return 1 + (hwLen >= 0 ? 2 + hwLen : 0) + (cidLen >= 0 ? 1 + cidLen : 0) + varintSize(hostLen) + hostLen
                + (contextLen >= 0 ? varintSize(contextLen) + contextLen : 0);
    }

    /**
     * Writes a blob at {@code dst[off]}; {@code hw}, {@code cid}, {@code context} {@code null} mean absent. Returns its
     * length, which is {@link #size}.
     */
    public static int write(byte[] dst, int off, int fqdnFlags, int htype, byte[] hw, int hwLen, byte[] cid,
                            int cidLen, byte[] host, int hostLen, byte[] context, int contextLen) {
        int flags = fqdnFlags & (FQDN_FWD | FQDN_REV);
        int p = off + 1;
        if (hw != null) {
            flags |= HW;
            dst[p++] = (byte) htype;
            dst[p++] = (byte) hwLen;
            System.arraycopy(hw, 0, dst, p, hwLen);
            p += hwLen;
        }
        if (cid != null) {
            flags |= CID;
            dst[p++] = (byte) cidLen;
            System.arraycopy(cid, 0, dst, p, cidLen);
            p += cidLen;
        }
        p = putVarint(dst, p, hostLen);
        System.arraycopy(host, 0, dst, p, hostLen);
        p += hostLen;
        if (context != null) {
            flags |= CONTEXT;
            p = putVarint(dst, p, contextLen);
            System.arraycopy(context, 0, dst, p, contextLen);
            p += contextLen;
        }
        dst[off] = (byte) flags;
        return p - off;
    }

    public static boolean has(byte[] b, int base, int flag) {
        return (b[base] & flag) != 0;
    }

    /** Hardware type; only meaningful with {@link #HW}. */
    public static int htype(byte[] b, int base) {
        return b[base + 1] & 0xff;
    }

    /** Offset of the hardware address bytes (with {@link #HW}). */
    public static int hwStart(int base) {
        return base + 3;
    }

    public static int hwLength(byte[] b, int base) {
        return has(b, base, HW) ? b[base + 2] & 0xff : 0;
    }

    /** Offset of the client-id length byte (the bytes follow it). */
    private static int cidPos(byte[] b, int base) {
        return has(b, base, HW) ? base + 3 + (b[base + 2] & 0xff) : base + 1;
    }

    public static int cidStart(byte[] b, int base) {
        return cidPos(b, base) + 1;
    }

    public static int cidLength(byte[] b, int base) {
        return has(b, base, CID) ? b[cidPos(b, base)] & 0xff : 0;
    }

    /** Offset of the host name's varint length. */
    private static int hostPos(byte[] b, int base) {
        int p = cidPos(b, base);
        return has(b, base, CID) ? p + 1 + (b[p] & 0xff) : p;
    }

    public static int hostStart(byte[] b, int base) {
        int p = hostPos(b, base);
        return p + varintSize(readVarint(b, p));
    }

    public static int hostLength(byte[] b, int base) {
        return readVarint(b, hostPos(b, base));
    }

    public static int contextStart(byte[] b, int base) {
        int p = hostStart(b, base) + hostLength(b, base);
        return p + varintSize(readVarint(b, p));
    }

    public static int contextLength(byte[] b, int base) {
        if (!has(b, base, CONTEXT)) {
            return 0;
        }
        return readVarint(b, hostStart(b, base) + hostLength(b, base));
    }

    /** Whether {@code b[start, start+len)} equals {@code key}. */
    public static boolean rangeEquals(byte[] b, int start, int len, byte[] key) {
        return rangeEquals(b, start, len, key, key.length);
    }

    /** As {@link #rangeEquals(byte[], int, int, byte[])} with the key in {@code key[0, keyLength)}. */
    public static boolean rangeEquals(byte[] b, int start, int len, byte[] key, int keyLength) {
        return len == keyLength && Arrays.equals(b, start, start + len, key, 0, len);
    }

    /** A well-spread hash of a byte range (for the secondary indexes). */
    public static int hash(byte[] b, int start, int len) {
        int h = len;
        for (int i = start; i < start + len; i++) {
            h = 31 * h + b[i];
        }
        return mix(h);
    }

    /** Murmur3's 32-bit finaliser. */
    public static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    static int varintSize(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] b, int p, int v) {
        while ((v & ~0x7f) != 0) {
            b[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static int readVarint(byte[] b, int p) {
        int v = 0;
        int shift = 0;
        while (true) {
            int x = b[p++];
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
