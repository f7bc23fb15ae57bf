package io.leasehold.dhcp.benchmarks.loadgen;

import io.netty.buffer.ByteBuf;

/**
 * The load generator's wire format: a relayed DHCPDISCOVER and DHCPREQUEST written from fixed templates with only
 * the per-client fields patched in (xid, chaddr, requested address, server identifier), and a reply parser that
 * reads just what the generator needs (message type, xid, yiaddr, server identifier) by absolute index, without
 * decoding the whole message. Nothing here allocates except the caller's buffer.
 *
 * <p>Both queries are 300 bytes (the BOOTP minimum; what real clients and perfdhcp send), carry {@code hops} 1 and
 * {@code giaddr} as a relay agent would, a parameter request list, and, when asked, a relay agent information
 * option with the relay-source-port sub-option (RFC 8357) so that a server answers to the generator's own port
 * instead of 67 (for runs without root).
 */
public final class DoraWire {
    /** Length of every query. */
    public static final int QUERY_LENGTH = 300;
    /** Smallest reply the parser accepts: the fixed header and the magic cookie. */
    public static final int MIN_REPLY = 240;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int ACK = 5;
    public static final int NAK = 6;

    static final int XID = 4;
    static final int YIADDR = 16;
    static final int GIADDR = 24;
    static final int CHADDR = 28;
    static final int COOKIE = 236;
    static final int OPTIONS = 240;
    static final int MAGIC = 0x63825363;

    private final byte[] discover;
    private final byte[] request;
    /** Offsets in {@link #request} of the requested address (option 50) and server identifier (option 54) data. */
    private final int requestedAt;
    private final int serverIdAt;

    /**
     * @param giaddr          the relay address written into every query
     * @param macPrefix       the first two octets of every client's hardware address; the other four are the
     *                        client's number
     * @param relaySourcePort whether to add option 82 with sub-option 19
     */
    public DoraWire(int giaddr, int macPrefix, boolean relaySourcePort) {
        this.discover = header(giaddr, macPrefix);
        this.request = header(giaddr, macPrefix);
        int at = OPTIONS;
        at = option(discover, at, 53, DISCOVER);
        at = parameterList(discover, at);
        at = relayInfo(discover, at, relaySourcePort);
        discover[at] = (byte) 255;

        at = OPTIONS;
        at = option(request, at, 53, REQUEST);
        request[at] = 50;
        request[at + 1] = 4;
        requestedAt = at + 2;
        at += 6;
        request[at] = 54;
        request[at + 1] = 4;
        serverIdAt = at + 2;
        at += 6;
        at = parameterList(request, at);
        at = relayInfo(request, at, relaySourcePort);
        request[at] = (byte) 255;
    }

    private static byte[] header(int giaddr, int macPrefix) {
        byte[] b = new byte[QUERY_LENGTH];
        b[0] = 1;          // BOOTREQUEST
        b[1] = 1;          // Ethernet
        b[2] = 6;          // hardware address length
        b[3] = 1;          // hops: one relay
        putInt(b, GIADDR, giaddr);
        b[CHADDR] = (byte) (macPrefix >>> 8);
        b[CHADDR + 1] = (byte) macPrefix;
        putInt(b, COOKIE, MAGIC);
        return b;
    }

    private static int option(byte[] b, int at, int code, int value) {
        b[at] = (byte) code;
        b[at + 1] = 1;
        b[at + 2] = (byte) value;
        return at + 3;
    }

    /** Subnet mask, routers, DNS servers, domain name, lease time: what a typical client asks for. */
    private static int parameterList(byte[] b, int at) {
        byte[] wanted = {1, 3, 6, 15, 51};
        b[at] = 55;
        b[at + 1] = (byte) wanted.length;
        System.arraycopy(wanted, 0, b, at + 2, wanted.length);
        return at + 2 + wanted.length;
    }

    private static int relayInfo(byte[] b, int at, boolean relaySourcePort) {
        if (!relaySourcePort) {
            return at;
        }
        b[at] = 82;
        b[at + 1] = 2;
        b[at + 2] = 19;    // relay source port, no data
        b[at + 3] = 0;
        return at + 4;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Writes client {@code client}'s DISCOVER with transaction id {@code xid} into {@code out}. */
    public void writeDiscover(ByteBuf out, int xid, int client) {
        int start = out.writerIndex();
        out.writeBytes(discover);
        out.setInt(start + XID, xid);
        out.setInt(start + CHADDR + 2, client);
    }

    /** Writes client {@code client}'s REQUEST (SELECTING: requested address and server identifier) into {@code out}. */
    public void writeRequest(ByteBuf out, int xid, int client, int requested, int serverId) {
        int start = out.writerIndex();
        out.writeBytes(request);
        out.setInt(start + XID, xid);
        out.setInt(start + CHADDR + 2, client);
        out.setInt(start + requestedAt, requested);
        out.setInt(start + serverIdAt, serverId);
    }

    /**
     * Reads a reply. Returns its DHCP message type (1-18), or -1 when it is not a well-formed BOOTREPLY with a
     * message type option; the server identifier is then in {@link Reply#serverId} (0 when absent).
     */
    public static int parse(ByteBuf in, Reply into) {
        int base = in.readerIndex();
        int end = base + in.readableBytes();
        if (end - base < MIN_REPLY || in.getByte(base) != 2 || in.getInt(base + COOKIE) != MAGIC) {
            return -1;
        }
        into.xid = in.getInt(base + XID);
        into.yiaddr = in.getInt(base + YIADDR);
        into.serverId = 0;
        int type = -1;
        int at = base + OPTIONS;
        while (at < end) {
            int code = in.getUnsignedByte(at);
            if (code == 0) {
                at++;
                continue;
            }
            if (code == 255 || at + 1 >= end) {
                break;
            }
            int len = in.getUnsignedByte(at + 1);
            if (at + 2 + len > end) {
                return -1;  // truncated option
            }
            if (code == 53 && len == 1) {
                type = in.getUnsignedByte(at + 2);
            } else if (code == 54 && len == 4) {
                into.serverId = in.getInt(at + 2);
            }
            at += 2 + len;
        }
        return type;
    }

    /** The fields of a reply the generator uses; one instance is reused for every reply. */
    public static final class Reply {
        public int xid;
        public int yiaddr;
        public int serverId;
    }
}
