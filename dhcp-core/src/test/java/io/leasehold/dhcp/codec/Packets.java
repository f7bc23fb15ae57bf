package io.leasehold.dhcp.codec;

import java.io.ByteArrayOutputStream;

/** Hand-made packets for decoder edge cases. */
final class Packets {
    static final String COOKIE = "63825363";

    private Packets() {
    }

    /** A 236-byte BOOTREQUEST header: Ethernet, hlen 6, xid 0x01020304, chaddr 02:00:00:00:00:01. */
    static byte[] header() {
        byte[] h = new byte[DhcpMessage.HEADER_LENGTH];
        h[0] = 1;
        h[1] = 1;
        h[2] = 6;
        h[4] = 1;
        h[5] = 2;
        h[6] = 3;
        h[7] = 4;
        h[28] = 2;
        h[33] = 1;
        return h;
    }

    /** Header, cookie, then the hex bytes verbatim (no end option is added). */
    static byte[] withOptions(String optionsHex) {
        return concat(header(), Golden.hex(COOKIE + optionsHex));
    }

    /** Writes {@code hex} into the header at {@code offset} (e.g. 44 for sname, 108 for file). */
    static byte[] put(byte[] packet, int offset, String hex) {
        byte[] b = Golden.hex(hex);
        System.arraycopy(b, 0, packet, offset, b.length);
        return packet;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
