package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A BOOTP/DHCPv4 message (RFC 951, RFC 2131): the fixed header and the options, in the order they appeared or were
 * added. Immutable; {@link #builder()}, {@link #replyTo(DhcpMessage)} and {@link #toBuilder()} make new ones,
 * {@link DhcpDecoder} reads them off the wire and {@link DhcpEncoder} writes them.
 *
 * <h2>Options</h2>
 * Each option code appears at most once: instances of one code in a packet are concatenated (RFC 3396), and the
 * options a packet carried in {@code sname}/{@code file} (option overload, RFC 2132 §9.3) are part of the list. Any
 * option is available as bytes ({@link #option(int)}); the ones a server reads or writes also through typed
 * accessors, which return {@code null}, an empty {@code Optional*} or {@code 0} (see each) when the option is absent.
 * The typed accessors never fail: the decoder and the builder reject values that break the formats listed on
 * {@link DhcpDecoder}. Text options are UTF-8 with trailing NULs removed.
 *
 * <p>Option 52 (overload) describes how a packet was laid out, not what it says: a decoded message keeps it (see
 * {@link #overload()}), the fields it names read as empty, the encoder ignores it and {@link #equals} does not compare
 * it. The builder refuses it; the encoder adds its own when it needs {@code sname}/{@code file} for space.
 *
 * <p>Addresses are {@code int}s in network order as in {@link Ipv4}.
 *
 * <h2>Implementation</h2>
 * This class is the read view: the header fields and the typed options. The bytes, the option table and what reads
 * it (lookup, iteration, value decoding, option equality) live in the package-private {@code OptionTable} it extends,
 * so a message is still one object; the builder's workings live in {@code MessageBuilder}, which {@link Builder}
 * extends under its public name. What is left here is the public read API itself, about sixty documented accessors
 * of a line or two each, which is why the class is past 450 lines: splitting it would split the type users read.
 */
public final class DhcpMessage extends OptionTable {
    /** {@code op} of a message from a client. */
    public static final int BOOTREQUEST = 1;
    /** {@code op} of a message from a server. */
    public static final int BOOTREPLY = 2;
    /** The broadcast bit of {@code flags} (RFC 1542). */
    public static final int FLAG_BROADCAST = 0x8000;

    static final int OFF_OP = 0;
    static final int OFF_HTYPE = 1;
    static final int OFF_HLEN = 2;
    static final int OFF_HOPS = 3;
    static final int OFF_XID = 4;
    static final int OFF_SECS = 8;
    static final int OFF_FLAGS = 10;
    static final int OFF_CIADDR = 12;
    static final int OFF_YIADDR = 16;
    static final int OFF_SIADDR = 20;
    static final int OFF_GIADDR = 24;
    static final int OFF_CHADDR = 28;
    static final int OFF_SNAME = 44;
    static final int OFF_FILE = 108;
    /** Length of the fixed BOOTP header, before the magic cookie. */
    static final int HEADER_LENGTH = 236;
    static final int CHADDR_LENGTH = 16;
    static final int SNAME_LENGTH = 64;
    static final int FILE_LENGTH = 128;

    /** Marks {@link #relayInfo} as looked up and absent. */
    private static final Object NO_RELAY_INFO = new Object();
    /** {@link #relayAgentInfo()} once asked: the parsed option or {@link #NO_RELAY_INFO}; null before. */
    private Object relayInfo;
    /** Whether this is a {@link MessageSlot}'s message, whose storage the slot's next use overwrites. */
    private final boolean inSlot;

    DhcpMessage(byte[] data, int[] table, int count) {
        super(data, table, count);
        this.inSlot = false;
    }

    /** A slot's message, empty until {@link #reuse} gives it contents. */
    private DhcpMessage() {
        super(new byte[HEADER_LENGTH], 0, NO_OPTIONS, 0);
        this.inSlot = true;
    }

    static DhcpMessage forSlot() {
        return new DhcpMessage();
    }

    /** Gives a slot's message new contents (the slot's arrays, or arrays made for this message). */
    void reuse(byte[] data, int extent, int[] table, int count) {
        this.data = data;
        this.extent = extent;
        this.table = table;
        this.count = count;
        this.relayInfo = null;
    }

    static DhcpMessage withoutOptions(byte[] data) {
        return new DhcpMessage(data, NO_OPTIONS, 0);
    }

    /** A builder for a new message: a BOOTREQUEST with Ethernet hardware type and everything else zero. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for a reply to {@code query}: {@code op} BOOTREPLY; {@code htype}, {@code hlen}, {@code chaddr},
     * {@code xid}, {@code flags}, {@code giaddr} and {@code hops} copied, as Kea does; no options.
     */
    public static Builder replyTo(DhcpMessage query) {
        return new Builder().resetToReplyTo(query);
    }

    /**
     * Whether this message lives in a {@link MessageSlot}: valid only until the slot's next use, which overwrites it.
     * Messages from {@link DhcpDecoder} and {@link Builder#build()} never are.
     */
    public boolean isInSlot() {
        return inSlot;
    }

    /**
     * A message with the same contents that is valid for as long as it is kept: this message itself unless it lives
     * in a {@link MessageSlot}, else a copy of it (two arrays). What to call on a slot's message before keeping it
     * past the slot's next use, e.g. a reply parked until an HA partner has acknowledged its lease.
     */
    public DhcpMessage owned() {
        if (!inSlot) {
            return this;
        }
        return new DhcpMessage(Arrays.copyOf(data, extent), Arrays.copyOf(table, 3 * count), count);
    }

    /** A builder holding this message's header and options (except option 52). */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(data, 0, b.header, 0, HEADER_LENGTH);
        for (int i = 0; i < count; i++) {
            if (code(i) != OVERLOAD) {
                b.put(code(i), data, valueOffset(i), valueLength(i));
            }
        }
        return b;
    }

    // ---- header -----------------------------------------------------------------------------------------------

    /** {@link #BOOTREQUEST} or {@link #BOOTREPLY} (other values are kept as received). */
    public int op() {
        return data[OFF_OP] & 0xff;
    }

    /** Hardware address type (1 = Ethernet). */
    public int htype() {
        return data[OFF_HTYPE] & 0xff;
    }

    /** Hardware address length, 0..16. */
    public int hlen() {
        return data[OFF_HLEN] & 0xff;
    }

    /** Relay hops so far. */
    public int hops() {
        return data[OFF_HOPS] & 0xff;
    }

    /** Transaction ID. */
    public int xid() {
        return Bytes.getInt(data, OFF_XID);
    }

    /** Seconds since the client began, 0..65535. */
    public int secs() {
        return Bytes.getUnsignedShort(data, OFF_SECS);
    }

    /** The flags field, 0..65535. */
    public int flags() {
        return Bytes.getUnsignedShort(data, OFF_FLAGS);
    }

    /** Whether the client asked for broadcast replies ({@link #FLAG_BROADCAST}). */
    public boolean isBroadcast() {
        return (flags() & FLAG_BROADCAST) != 0;
    }

    /** Client address (set by a bound client). */
    public int ciaddr() {
        return Bytes.getInt(data, OFF_CIADDR);
    }

    /** "Your" address: the address offered or assigned. */
    public int yiaddr() {
        return Bytes.getInt(data, OFF_YIADDR);
    }

    /** Next server address. */
    public int siaddr() {
        return Bytes.getInt(data, OFF_SIADDR);
    }

    /** Relay agent address; non-zero when the message was relayed. */
    public int giaddr() {
        return Bytes.getInt(data, OFF_GIADDR);
    }

    /** The whole 16-byte {@code chaddr} field. */
    public byte[] chaddr() {
        return Arrays.copyOfRange(data, OFF_CHADDR, OFF_CHADDR + CHADDR_LENGTH);
    }

    /** The client hardware address: {@code htype} and the first {@code hlen} bytes of {@code chaddr}. */
    public HardwareAddress hardwareAddress() {
        return HardwareAddress.of(htype(), data, OFF_CHADDR, hlen());
    }

    /**
     * {@link #hardwareAddress()}, or {@code same} itself when it is equal: for a cache that hands out one object
     * per client, compared in place without making one.
     */
    public HardwareAddress hardwareAddress(HardwareAddress same) {
        return same != null && same.equalsBytes(htype(), data, OFF_CHADDR, hlen()) ? same : hardwareAddress();
    }

    /** The {@code sname} field up to its first NUL; empty when option overload used it for options. */
    public String serverName() {
        return Bytes.cString(data, OFF_SNAME, SNAME_LENGTH);
    }

    /** The {@code file} field up to its first NUL; empty when option overload used it for options. */
    public String bootFileName() {
        return Bytes.cString(data, OFF_FILE, FILE_LENGTH);
    }

    /** The whole 64-byte {@code sname} field (zeros when option overload used it for options). */
    public byte[] sname() {
        return Arrays.copyOfRange(data, OFF_SNAME, OFF_SNAME + SNAME_LENGTH);
    }

    /** The whole 128-byte {@code file} field (zeros when option overload used it for options). */
    public byte[] file() {
        return Arrays.copyOfRange(data, OFF_FILE, OFF_FILE + FILE_LENGTH);
    }

    /**
     * Whether this is a plain BOOTP message: it has no DHCP message type (option 53), either because it had no
     * magic cookie (so no options at all) or because its options lack 53.
     */
    public boolean isBootp() {
        return find(53) < 0;
    }

    // ---- raw options ------------------------------------------------------------------------------------------

    /** Number of options (distinct codes). */
    public int optionCount() {
        return count;
    }

    /** Whether option {@code code} is present. */
    public boolean hasOption(int code) {
        return find(code) >= 0;
    }

    /** Whether option {@code code} is present. */
    public boolean hasOption(DhcpOptionCode code) {
        return find(code.intValue()) >= 0;
    }

    /** The value of option {@code code} (all instances concatenated), or {@code null}. */
    public byte[] option(int code) {
        int i = find(code);
        return i < 0 ? null : copyValue(i);
    }

    /** The value of option {@code code} (all instances concatenated), or {@code null}. */
    public byte[] option(DhcpOptionCode code) {
        return option(code.intValue());
    }

    /** The value length of option {@code code}, or {@code -1} when absent. */
    public int optionLength(int code) {
        int i = find(code);
        return i < 0 ? -1 : table[i + 2];
    }

    /** All options in order. */
    public List<DhcpOption> options() {
        return list();
    }

    /** The option codes in order. */
    public int[] optionCodes() {
        return codes();
    }

    // ---- typed options ----------------------------------------------------------------------------------------

    /** Option 53, or {@code null} (a BOOTP message). */
    public DhcpMessageType messageType() {
        int type = uint8(53);
        return type < 0 ? null : DhcpMessageType.valueOf(type);
    }

    /** Option 50, requested IP address. */
    public OptionalInt requestedAddress() {
        return address(50);
    }

    /** Option 54, server identifier. */
    public OptionalInt serverIdentifier() {
        return address(54);
    }

    /** Option 51, lease time in seconds (0xffffffff = infinite). */
    public OptionalLong leaseTime() {
        return seconds(51);
    }

    /** Option 58, renewal (T1) time in seconds. */
    public OptionalLong renewalTime() {
        return seconds(58);
    }

    /** Option 59, rebinding (T2) time in seconds. */
    public OptionalLong rebindingTime() {
        return seconds(59);
    }

    /** Option 1, subnet mask. */
    public OptionalInt subnetMask() {
        return address(1);
    }

    /** Option 3, routers, or {@code null}. */
    public int[] routers() {
        return addresses(3);
    }

    /** Option 6, domain name servers, or {@code null}. */
    public int[] domainNameServers() {
        return addresses(6);
    }

    /** Option 15, domain name, or {@code null}. */
    public String domainName() {
        return text(15);
    }

    /** Option 12, host name, or {@code null}. */
    public String hostName() {
        return text(12);
    }

    /** Option 28, broadcast address. */
    public OptionalInt broadcastAddress() {
        return address(28);
    }

    /** Option 55, the requested option codes in the client's order, or {@code null}. */
    public int[] parameterRequestList() {
        return uint8List(55);
    }

    /** Whether option 55 lists {@code code}. Allocates nothing. */
    public boolean requestsOption(int code) {
        return uint8ListContains(55, code);
    }

    /**
     * Option 57, the largest message the client accepts, in bytes of IP datagram (as sent; the encoder treats values
     * under 576 as 576).
     */
    public OptionalInt maxMessageSize() {
        return uint16(57);
    }

    /** Option 61, client identifier (type byte included), or {@code null}. */
    public ClientId clientId() {
        int slot = find(61);
        return slot < 0 ? null : ClientId.of(data, table[slot + 1], table[slot + 2]);
    }

    /** {@link #clientId()}, or {@code same} itself when it is equal (see {@link #hardwareAddress(HardwareAddress)}). */
    public ClientId clientId(ClientId same) {
        int slot = find(61);
        if (slot < 0) {
            return null;
        }
        return same != null && same.equalsBytes(data, table[slot + 1], table[slot + 2]) ? same
                : ClientId.of(data, table[slot + 1], table[slot + 2]);
    }

    /** Option 60, vendor class identifier as text, or {@code null}. */
    public String vendorClass() {
        return text(60);
    }

    /** Option 77, user class, as bytes (RFC 3004 framing, when used, is left to the caller), or {@code null}. */
    public byte[] userClass() {
        return option(77);
    }

    /** Option 81, client FQDN, or {@code null}. */
    public ClientFqdn clientFqdn() {
        byte[] v = option(81);
        return v == null ? null : ClientFqdn.wrap(v);
    }

    /** Option 82, relay agent information, or {@code null}. */
    public RelayAgentInfo relayAgentInfo() {
        // Read several times per query (subnet selection, reply routing, server identifier): parsed once. A race
        // only parses twice; RelayAgentInfo is immutable with final fields, so it is safely shared without a lock.
        Object r = relayInfo;
        if (r == null) {
            byte[] v = option(82);
            r = v == null ? NO_RELAY_INFO : RelayAgentInfo.wrap(v);
            relayInfo = r;
        }
        return r == NO_RELAY_INFO ? null : (RelayAgentInfo) r;
    }

    /**
     * Option {@code code} read as an address (its first 4 bytes), or {@code ifAbsent} when the message does not carry
     * it or it is shorter: the typed address accessors ({@link #serverIdentifier()}, {@link #requestedAddress()},
     * {@link #subnetSelection()}) without an {@code OptionalInt}, for code that reads them per packet.
     */
    public int addressOption(int code, int ifAbsent) {
        int i = find(code);
        return i < 0 || table[i + 2] < 4 ? ifAbsent : Bytes.getInt(data, table[i + 1]);
    }

    /**
     * Copies option {@code code}'s value into {@code dst} from {@code offset} and answers its length, or {@code -1}
     * when the message does not carry the option ({@code dst} unchanged): {@link #option(int)} into an array the
     * caller reuses. An option value is at most 255 bytes unless it was split (RFC 3396).
     *
     * @throws IndexOutOfBoundsException when the value does not fit from {@code offset}
     */
    public int copyOption(int code, byte[] dst, int offset) {
        int i = find(code);
        if (i < 0) {
            return -1;
        }
        System.arraycopy(data, table[i + 1], dst, offset, table[i + 2]);
        return table[i + 2];
    }

    /**
     * Whether option 82 carries sub-option {@code code}: {@link #relayAgentInfo()}{@code .has(code)} read where the
     * option lies, without parsing it into an object.
     */
    public boolean hasRelaySubOption(int code) {
        return subOptionAt(82, code) >= 0;
    }

    /**
     * Option 82's first sub-option {@code code} read as an address (its first 4 bytes), or {@code ifAbsent} when there
     * is none or it is shorter: e.g. link selection (5) or server identifier override (11), read in place.
     */
    public int relaySubOptionAddress(int code, int ifAbsent) {
        int at = subOptionAt(82, code);
        return at < 0 || (data[at + 1] & 0xff) < 4 ? ifAbsent : Bytes.getInt(data, at + 2);
    }

    /** Option 118, subnet selection (RFC 3011). */
    public OptionalInt subnetSelection() {
        return address(118);
    }

    /**
     * Option 52 as decoded: 1 when {@code file} carried options, 2 for {@code sname}, 3 for both; 0 when the message
     * was not overloaded (always 0 for built messages).
     */
    public int overload() {
        return Math.max(uint8(OVERLOAD), 0);
    }

    /** Option 56, message (e.g. a NAK's reason), or {@code null}. */
    public String message() {
        return text(56);
    }

    /**
     * Equal when the headers and the options (in order, option 52 aside) are equal.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DhcpMessage m
                && Arrays.equals(data, 0, HEADER_LENGTH, m.data, 0, HEADER_LENGTH) && sameOptions(m);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int k = 0; k < HEADER_LENGTH; k++) {
            h = 31 * h + data[k];
        }
        return optionsHash(h);
    }

    /** A one-line summary: type, xid, addresses, hardware address and option codes. */
    @Override
    public String toString() {
        DhcpMessageType type = messageType();
        StringBuilder sb = new StringBuilder("DhcpMessage{");
        sb.append(type == null ? (op() == BOOTREPLY ? "BOOTREPLY" : "BOOTREQUEST") : type.name())
                .append(", xid=0x").append(Integer.toHexString(xid()))
                .append(", chaddr=").append(Bytes.hex(data, OFF_CHADDR, hlen()));
        appendAddress(sb, "ciaddr", ciaddr());
        appendAddress(sb, "yiaddr", yiaddr());
        appendAddress(sb, "siaddr", siaddr());
        appendAddress(sb, "giaddr", giaddr());
        sb.append(", options=").append(Arrays.toString(optionCodes())).append('}');
        return sb.toString();
    }

    private static void appendAddress(StringBuilder sb, String name, int address) {
        if (address != 0) {
            sb.append(", ").append(name).append('=').append(Ipv4.toString(address));
        }
    }

    /**
     * Builds a {@link DhcpMessage}. Setting an option that is already present replaces its value in place (keeping
     * its position); new options go to the end. Not thread-safe; reusable after {@link #build()}.
     *
     * <p>Every method is inherited from the package-private {@code MessageBuilder}, which holds the workings and
     * answers this type so that chained calls keep it.
     */
    public static final class Builder extends MessageBuilder {
        private Builder() {
        }

        /**
         * Empties this builder and starts a reply to {@code query} in it, as {@link DhcpMessage#replyTo} does in a new
         * one: for a thread that builds one reply after another and wants no new builder (nor its arrays) each time.
         */
        public Builder resetToReplyTo(DhcpMessage query) {
            clear();
            byte[] h = header;
            System.arraycopy(query.data, 0, h, 0, OFF_SECS);
            System.arraycopy(query.data, OFF_FLAGS, h, OFF_FLAGS, 2);
            System.arraycopy(query.data, OFF_GIADDR, h, OFF_GIADDR, 4 + CHADDR_LENGTH);
            h[OFF_OP] = BOOTREPLY;
            return this;
        }
    }
}
