package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/**
 * The variable-length part of one lease packed into a single {@code byte[]}: one array per lease instead of a
 * {@code Lease4} with five sub-objects. Layout:
 *
 * <pre>
 * [flags]                       FQDN_FWD | FQDN_REV | HW | CID | CONTEXT
 * [htype][len][bytes...]        only with HW
 * [len][bytes...]               only with CID (2..255 bytes)
 * [varint len][utf-8 bytes...]  host name, always (length 0 when empty)
 * [varint len][utf-8 bytes...]  user context JSON, only with CONTEXT
 * </pre>
 *
 * Blobs are never modified once built, so a reader may decode one without holding a lock.
 */
public final class LeaseBlob {
    public static final int FQDN_FWD = 1;
    public static final int FQDN_REV = 2;
    public static final int HW = 4;
    public static final int CID = 8;
    public static final int CONTEXT = 16;

    private LeaseBlob() {
    }

    /** Builds a blob; {@code hw}/{@code cid}/{@code context} may be {@code null} for "absent". */
    public static byte[] build(int flagsFqdn, int htype, byte[] hw, int hwLen, byte[] cid, int cidLen,
                               byte[] host, int hostLen, byte[] context, int contextLen) {
        int flags = flagsFqdn & (FQDN_FWD | FQDN_REV);
        int n = 1 + varintSize(hostLen) + hostLen;
        if (hw != null) {
            flags |= HW;
            n += 2 + hwLen;
        }
        if (cid != null) {
            flags |= CID;
            n += 1 + cidLen;
        }
        if (context != null) {
            flags |= CONTEXT;
            n += varintSize(contextLen) + contextLen;
        }
        byte[] b = new byte[n];
        b[0] = (byte) flags;
        int p = 1;
        if (hw != null) {
            b[p++] = (byte) htype;
            b[p++] = (byte) hwLen;
            System.arraycopy(hw, 0, b, p, hwLen);
            p += hwLen;
        }
        if (cid != null) {
            b[p++] = (byte) cidLen;
            System.arraycopy(cid, 0, b, p, cidLen);
            p += cidLen;
        }
        p = putVarint(b, p, hostLen);
        System.arraycopy(host, 0, b, p, hostLen);
        p += hostLen;
        if (context != null) {
            p = putVarint(b, p, contextLen);
            System.arraycopy(context, 0, b, p, contextLen);
        }
        return b;
    }

    public static boolean has(byte[] b, int flag) {
        return (b[0] & flag) != 0;
    }

    /** Hardware type; only meaningful with {@link #HW}. */
    public static int htype(byte[] b) {
        return b[1] & 0xff;
    }

    /** Offset of the hardware address bytes (with {@link #HW}). */
    public static final int HW_START = 3;

    public static int hwLength(byte[] b) {
        return has(b, HW) ? b[2] & 0xff : 0;
    }

    /** Offset of the client-id length byte (the bytes follow it). */
    private static int cidPos(byte[] b) {
        return has(b, HW) ? 3 + (b[2] & 0xff) : 1;
    }

    public static int cidStart(byte[] b) {
        return cidPos(b) + 1;
    }

    public static int cidLength(byte[] b) {
        return has(b, CID) ? b[cidPos(b)] & 0xff : 0;
    }

    /** Offset of the host name's varint length. */
    private static int hostPos(byte[] b) {
        int p = cidPos(b);
        return has(b, CID) ? p + 1 + (b[p] & 0xff) : p;
    }

    public static int hostStart(byte[] b) {
        int p = hostPos(b);
        return p + varintSize(readVarint(b, p));
    }

    public static int hostLength(byte[] b) {
        return readVarint(b, hostPos(b));
    }

    public static int contextStart(byte[] b) {
        int p = hostStart(b) + hostLength(b);
        return p + varintSize(readVarint(b, p));
    }

    public static int contextLength(byte[] b) {
        if (!has(b, CONTEXT)) {
            return 0;
        }
        return readVarint(b, hostStart(b) + hostLength(b));
    }

    /** Whether {@code b[start, start+len)} equals {@code key}. */
    public static boolean rangeEquals(byte[] b, int start, int len, byte[] key) {
        return len == key.length && Arrays.equals(b, start, start + len, key, 0, len);
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
