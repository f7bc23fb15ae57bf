package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.codec.internal.OptionFormats;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 */
public final class DhcpMessage {
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

    private static final int OVERLOAD = 52;
    private static final int[] NO_OPTIONS = new int[0];

    /** [0, 236): the header as on the wire; option values elsewhere, located by {@link #table}. */
    private final byte[] data;
    /** Per option: code, value offset in {@link #data}, value length. */
    private final int[] table;
    private final int count;

    DhcpMessage(byte[] data, int[] table, int count) {
        this.data = data;
        this.table = table;
        this.count = count;
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
        Builder b = new Builder();
        byte[] h = b.header;
        System.arraycopy(query.data, 0, h, 0, OFF_SECS);
        System.arraycopy(query.data, OFF_FLAGS, h, OFF_FLAGS, 2);
        System.arraycopy(query.data, OFF_GIADDR, h, OFF_GIADDR, 4 + CHADDR_LENGTH);
        h[OFF_OP] = BOOTREPLY;
        return b;
    }

    /** A builder holding this message's header and options (except option 52). */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(data, 0, b.header, 0, HEADER_LENGTH);
        for (int i = 0; i < count; i++) {
            int code = table[3 * i];
            if (code != OVERLOAD) {
                b.put(code, Arrays.copyOfRange(data, table[3 * i + 1], table[3 * i + 1] + table[3 * i + 2]));
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
        return HardwareAddress.of(htype(), Arrays.copyOfRange(data, OFF_CHADDR, OFF_CHADDR + hlen()));
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
        return i < 0 ? null : Arrays.copyOfRange(data, table[i + 1], table[i + 1] + table[i + 2]);
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
        List<DhcpOption> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int off = table[3 * i + 1];
            list.add(DhcpOption.wrap(table[3 * i], Arrays.copyOfRange(data, off, off + table[3 * i + 2])));
        }
        return Collections.unmodifiableList(list);
    }

    /** The option codes in order. */
    public int[] optionCodes() {
        int[] codes = new int[count];
        for (int i = 0; i < count; i++) {
            codes[i] = table[3 * i];
        }
        return codes;
    }

    // ---- typed options ----------------------------------------------------------------------------------------

    /** Option 53, or {@code null} (a BOOTP message). */
    public DhcpMessageType messageType() {
        int i = find(53);
        return i < 0 ? null : DhcpMessageType.valueOf(data[table[i + 1]] & 0xff);
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
        int i = find(55);
        if (i < 0) {
            return null;
        }
        int[] codes = new int[table[i + 2]];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = data[table[i + 1] + k] & 0xff;
        }
        return codes;
    }

    /** Whether option 55 lists {@code code}. Allocates nothing. */
    public boolean requestsOption(int code) {
        int i = find(55);
        if (i >= 0) {
            for (int k = table[i + 1], end = k + table[i + 2]; k < end; k++) {
                if ((data[k] & 0xff) == code) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Option 57, the largest message the client accepts, in bytes of IP datagram (as sent; the encoder treats values
     * under 576 as 576).
     */
    public OptionalInt maxMessageSize() {
        int i = find(57);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(Bytes.getUnsignedShort(data, table[i + 1]));
    }

    /** Option 61, client identifier (type byte included), or {@code null}. */
    public ClientId clientId() {
        byte[] v = option(61);
        return v == null ? null : ClientId.of(v);
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
        byte[] v = option(82);
        return v == null ? null : RelayAgentInfo.wrap(v);
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
        int i = find(OVERLOAD);
        return i < 0 ? 0 : data[table[i + 1]] & 0xff;
    }

    /** Option 56, message (e.g. a NAK's reason), or {@code null}. */
    public String message() {
        return text(56);
    }

    // ---- internals --------------------------------------------------------------------------------------------

    private int find(int code) {
        for (int i = 0, n = 3 * count; i < n; i += 3) {
            if (table[i] == code) {
                return i;
            }
        }
        return -1;
    }

    private OptionalInt address(int code) {
        int i = find(code);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(Bytes.getInt(data, table[i + 1]));
    }

    private OptionalLong seconds(int code) {
        int i = find(code);
        return i < 0 ? OptionalLong.empty() : OptionalLong.of(Bytes.getInt(data, table[i + 1]) & 0xffffffffL);
    }

    private int[] addresses(int code) {
        int i = find(code);
        if (i < 0) {
            return null;
        }
        int[] a = new int[table[i + 2] / 4];
        for (int k = 0; k < a.length; k++) {
            a[k] = Bytes.getInt(data, table[i + 1] + 4 * k);
        }
        return a;
    }

    private String text(int code) {
        int i = find(code);
        return i < 0 ? null : Bytes.text(data, table[i + 1], table[i + 2]);
    }

    /** The backing array; header at [0, 236). For the encoder only: never modify. */
    byte[] data() {
        return data;
    }

    int code(int index) {
        return table[3 * index];
    }

    int valueOffset(int index) {
        return table[3 * index + 1];
    }

    int valueLength(int index) {
        return table[3 * index + 2];
    }

    /**
     * Equal when the headers and the options (in order, option 52 aside) are equal.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DhcpMessage m) || !Arrays.equals(data, 0, HEADER_LENGTH, m.data, 0, HEADER_LENGTH)) {
            return false;
        }
        int i = 0;
        int j = 0;
        while (true) {
            while (i < count && table[3 * i] == OVERLOAD) {
                i++;
            }
            while (j < m.count && m.table[3 * j] == OVERLOAD) {
                j++;
            }
            if (i == count || j == m.count) {
                return i == count && j == m.count;
            }
            int off = table[3 * i + 1];
            int mOff = m.table[3 * j + 1];
            if (table[3 * i] != m.table[3 * j] || !Arrays.equals(data, off, off + table[3 * i + 2], m.data, mOff,
                    mOff + m.table[3 * j + 2])) {
                return false;
            }
            i++;
            j++;
        }
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int k = 0; k < HEADER_LENGTH; k++) {
            h = 31 * h + data[k];
        }
        for (int i = 0; i < count; i++) {
            if (table[3 * i] != OVERLOAD) {
                h = 31 * h + table[3 * i];
                for (int k = table[3 * i + 1], end = k + table[3 * i + 2]; k < end; k++) {
                    h = 31 * h + data[k];
                }
            }
        }
        return h;
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
     */
    public static final class Builder {
        private final byte[] header = new byte[HEADER_LENGTH];
        private int[] codes = new int[16];
        private byte[][] values = new byte[16][];
        private int count;

        private Builder() {
            header[OFF_OP] = BOOTREQUEST;
            header[OFF_HTYPE] = (byte) HardwareAddress.HTYPE_ETHERNET;
        }

        /** {@link #BOOTREQUEST} or {@link #BOOTREPLY} (any 0..255 is accepted). */
        public Builder op(int op) {
            header[OFF_OP] = (byte) checkRange("op", op, 255);
            return this;
        }

        public Builder hops(int hops) {
            header[OFF_HOPS] = (byte) checkRange("hops", hops, 255);
            return this;
        }

        public Builder xid(int xid) {
            Bytes.putInt(header, OFF_XID, xid);
            return this;
        }

        public Builder secs(int secs) {
            Bytes.putShort(header, OFF_SECS, checkRange("secs", secs, 0xffff));
            return this;
        }

        public Builder flags(int flags) {
            Bytes.putShort(header, OFF_FLAGS, checkRange("flags", flags, 0xffff));
            return this;
        }

        /** Sets or clears {@link #FLAG_BROADCAST}, keeping the other flag bits. */
        public Builder broadcast(boolean broadcast) {
            int f = Bytes.getUnsignedShort(header, OFF_FLAGS);
            return flags(broadcast ? f | FLAG_BROADCAST : f & ~FLAG_BROADCAST);
        }

        public Builder ciaddr(int address) {
            Bytes.putInt(header, OFF_CIADDR, address);
            return this;
        }

        public Builder yiaddr(int address) {
            Bytes.putInt(header, OFF_YIADDR, address);
            return this;
        }

        public Builder siaddr(int address) {
            Bytes.putInt(header, OFF_SIADDR, address);
            return this;
        }

        public Builder giaddr(int address) {
            Bytes.putInt(header, OFF_GIADDR, address);
            return this;
        }

        /** Sets {@code htype}, {@code hlen} and {@code chaddr} (zero-padded to 16 bytes). */
        public Builder hardwareAddress(HardwareAddress address) {
            return chaddr(address.htype(), address.length(), address.toByteArray());
        }

        /**
         * Sets the hardware fields independently, e.g. InfiniBand's {@code hlen} 0 (RFC 4390).
         *
         * @param chaddr up to 16 bytes, zero-padded
         */
        public Builder chaddr(int htype, int hlen, byte[] chaddr) {
            checkRange("htype", htype, 255);
            checkRange("hlen", hlen, CHADDR_LENGTH);
            if (chaddr.length > CHADDR_LENGTH) {
                throw new IllegalArgumentException("chaddr longer than 16 bytes: " + chaddr.length);
            }
            header[OFF_HTYPE] = (byte) htype;
            header[OFF_HLEN] = (byte) hlen;
            Arrays.fill(header, OFF_CHADDR, OFF_CHADDR + CHADDR_LENGTH, (byte) 0);
            System.arraycopy(chaddr, 0, header, OFF_CHADDR, chaddr.length);
            return this;
        }

        /** The {@code sname} field: UTF-8, at most 63 bytes so a NUL ends it. */
        public Builder serverName(String name) {
            return field(OFF_SNAME, SNAME_LENGTH, "sname", name);
        }

        /** The {@code file} field: UTF-8, at most 127 bytes so a NUL ends it. */
        public Builder bootFileName(String name) {
            return field(OFF_FILE, FILE_LENGTH, "file", name);
        }

        private Builder field(int off, int len, String what, String value) {
            byte[] b = value.getBytes(StandardCharsets.UTF_8);
            if (b.length >= len) {
                throw new IllegalArgumentException(what + " of " + b.length + " bytes does not fit; at most "
                        + (len - 1));
            }
            Arrays.fill(header, off, off + len, (byte) 0);
            System.arraycopy(b, 0, header, off, b.length);
            return this;
        }

        /**
         * Sets an option from raw bytes (copied). Values longer than 255 bytes are split into several instances on
         * encode (RFC 3396).
         *
         * @throws IllegalArgumentException for codes 0 (pad), 52 (overload, managed by the encoder) and 255 (end),
         *                                  and for values that break the option's format
         */
        public Builder option(int code, byte[] value) {
            checkRange("option code", code, 255);
            if (code == 0 || code == 255 || code == OVERLOAD) {
                throw new IllegalArgumentException("option " + DhcpOptionCode.valueOf(code)
                        + " cannot be set: " + (code == OVERLOAD ? "the encoder manages overload" : "it is framing"));
            }
            String problem = OptionFormats.check(code, value, 0, value.length);
            if (problem != null) {
                throw new IllegalArgumentException("option " + DhcpOptionCode.valueOf(code) + ": " + problem);
            }
            return put(code, value.clone());
        }

        /** See {@link #option(int, byte[])}. */
        public Builder option(DhcpOptionCode code, byte[] value) {
            return option(code.intValue(), value);
        }

        /** See {@link #option(int, byte[])}. */
        public Builder option(DhcpOption option) {
            return option(option.code().intValue(), option.value());
        }

        /** Removes an option if present. */
        public Builder removeOption(int code) {
            for (int i = 0; i < count; i++) {
                if (codes[i] == code) {
                    System.arraycopy(codes, i + 1, codes, i, count - i - 1);
                    System.arraycopy(values, i + 1, values, i, count - i - 1);
                    values[--count] = null;
                    break;
                }
            }
            return this;
        }

        public Builder messageType(DhcpMessageType type) {
            return put(53, new byte[] {(byte) type.intValue()});
        }

        public Builder requestedAddress(int address) {
            return put(50, Bytes.ofInt(address));
        }

        public Builder serverIdentifier(int address) {
            return put(54, Bytes.ofInt(address));
        }

        /** Option 51, seconds 0..0xffffffff. */
        public Builder leaseTime(long seconds) {
            return put(51, Bytes.ofInt(checkSeconds("lease time", seconds)));
        }

        /** Option 58 (T1), seconds 0..0xffffffff. */
        public Builder renewalTime(long seconds) {
            return put(58, Bytes.ofInt(checkSeconds("renewal time", seconds)));
        }

        /** Option 59 (T2), seconds 0..0xffffffff. */
        public Builder rebindingTime(long seconds) {
            return put(59, Bytes.ofInt(checkSeconds("rebinding time", seconds)));
        }

        public Builder subnetMask(int mask) {
            return put(1, Bytes.ofInt(mask));
        }

        /** Option 3; at least one address. */
        public Builder routers(int... addresses) {
            return put(3, addressList("routers", addresses));
        }

        /** Option 6; at least one address. */
        public Builder domainNameServers(int... addresses) {
            return put(6, addressList("domain-name-servers", addresses));
        }

        public Builder domainName(String name) {
            return put(15, Bytes.utf8(name));
        }

        public Builder hostName(String name) {
            return put(12, Bytes.utf8(name));
        }

        public Builder broadcastAddress(int address) {
            return put(28, Bytes.ofInt(address));
        }

        /** Option 55; codes 0..255. */
        public Builder parameterRequestList(int... optionCodes) {
            byte[] b = new byte[optionCodes.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) checkRange("requested option code", optionCodes[i], 255);
            }
            return put(55, b);
        }

        /** Option 57, 0..65535 (RFC 2132 makes 576 the smallest legal value; not enforced here). */
        public Builder maxMessageSize(int size) {
            byte[] b = new byte[2];
            Bytes.putShort(b, 0, checkRange("max message size", size, 0xffff));
            return put(57, b);
        }

        public Builder clientId(ClientId clientId) {
            return put(61, clientId.toByteArray());
        }

        public Builder vendorClass(String vendorClass) {
            return put(60, Bytes.utf8(vendorClass));
        }

        /** Option 77 as bytes (copied). */
        public Builder userClass(byte[] userClass) {
            return put(77, userClass.clone());
        }

        public Builder clientFqdn(ClientFqdn fqdn) {
            return put(81, fqdn.toByteArray());
        }

        public Builder relayAgentInfo(RelayAgentInfo info) {
            return put(82, info.toByteArray());
        }

        public Builder subnetSelection(int address) {
            return put(118, Bytes.ofInt(address));
        }

        public Builder message(String text) {
            return put(56, Bytes.utf8(text));
        }

        public DhcpMessage build() {
            int total = HEADER_LENGTH;
            for (int i = 0; i < count; i++) {
                total += values[i].length;
            }
            byte[] data = Arrays.copyOf(header, total);
            int[] table = new int[3 * count];
            int pos = HEADER_LENGTH;
            for (int i = 0; i < count; i++) {
                byte[] v = values[i];
                System.arraycopy(v, 0, data, pos, v.length);
                table[3 * i] = codes[i];
                table[3 * i + 1] = pos;
                table[3 * i + 2] = v.length;
                pos += v.length;
            }
            return new DhcpMessage(data, table, count);
        }

        /** Stores a value the builder owns (already validated). */
        Builder put(int code, byte[] value) {
            for (int i = 0; i < count; i++) {
                if (codes[i] == code) {
                    values[i] = value;
                    return this;
                }
            }
            if (count == codes.length) {
                codes = Arrays.copyOf(codes, 2 * count);
                values = Arrays.copyOf(values, 2 * count);
            }
            codes[count] = code;
            values[count++] = value;
            return this;
        }

        private static int checkRange(String what, int v, int max) {
            if (v < 0 || v > max) {
                throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + v);
            }
            return v;
        }

        private static int checkSeconds(String what, long v) {
            if (v < 0 || v > 0xffffffffL) {
                throw new IllegalArgumentException(what + " out of range 0..4294967295: " + v);
            }
            return (int) v;
        }

        private static byte[] addressList(String what, int[] addresses) {
            if (addresses.length == 0) {
                throw new IllegalArgumentException(what + " needs at least one address");
            }
            byte[] b = new byte[4 * addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                Bytes.putInt(b, 4 * i, addresses[i]);
            }
            return b;
        }
    }
}
