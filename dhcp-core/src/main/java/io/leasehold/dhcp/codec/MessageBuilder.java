package io.leasehold.dhcp.codec;

import static io.leasehold.dhcp.codec.DhcpMessage.BOOTREQUEST;
import static io.leasehold.dhcp.codec.DhcpMessage.CHADDR_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.FILE_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.FLAG_BROADCAST;
import static io.leasehold.dhcp.codec.DhcpMessage.HEADER_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_CHADDR;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_CIADDR;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_FILE;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_FLAGS;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_GIADDR;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_HLEN;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_HOPS;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_HTYPE;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_OP;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_SECS;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_SIADDR;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_SNAME;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_XID;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_YIADDR;
import static io.leasehold.dhcp.codec.DhcpMessage.SNAME_LENGTH;
import static io.leasehold.dhcp.codec.OptionTable.OVERLOAD;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.codec.internal.OptionFormats;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What {@link DhcpMessage.Builder} does: a header being filled in, the options set so far in order, checks on every
 * value, and {@link #build()}. The public builder is this class under its public name: {@code DhcpMessage.Builder}
 * is its only subclass and adds nothing, and every method here answers that type, so chained calls keep it. Building
 * a reply therefore still costs one builder object. (javac gives {@code DhcpMessage.Builder} a public bridge for each
 * public method here, since this class is not public; the bridges are trivial and inlined by the JIT.)
 */
abstract sealed class MessageBuilder permits DhcpMessage.Builder {
    final byte[] header = new byte[HEADER_LENGTH];
    private int[] codes = new int[16];
    private byte[][] values = new byte[16][];
    private int count;

    MessageBuilder() {
        header[OFF_OP] = BOOTREQUEST;
        header[OFF_HTYPE] = (byte) HardwareAddress.HTYPE_ETHERNET;
    }

    /** {@link DhcpMessage#BOOTREQUEST} or {@link DhcpMessage#BOOTREPLY} (any 0..255 is accepted). */
    public DhcpMessage.Builder op(int op) {
        header[OFF_OP] = (byte) checkRange("op", op, 255);
        return self();
    }

    public DhcpMessage.Builder hops(int hops) {
        header[OFF_HOPS] = (byte) checkRange("hops", hops, 255);
        return self();
    }

    public DhcpMessage.Builder xid(int xid) {
        Bytes.putInt(header, OFF_XID, xid);
        return self();
    }

    public DhcpMessage.Builder secs(int secs) {
        Bytes.putShort(header, OFF_SECS, checkRange("secs", secs, 0xffff));
        return self();
    }

    public DhcpMessage.Builder flags(int flags) {
        Bytes.putShort(header, OFF_FLAGS, checkRange("flags", flags, 0xffff));
        return self();
    }

    /** Sets or clears {@link DhcpMessage#FLAG_BROADCAST}, keeping the other flag bits. */
    public DhcpMessage.Builder broadcast(boolean broadcast) {
        int f = Bytes.getUnsignedShort(header, OFF_FLAGS);
        return flags(broadcast ? f | FLAG_BROADCAST : f & ~FLAG_BROADCAST);
    }

    public DhcpMessage.Builder ciaddr(int address) {
        Bytes.putInt(header, OFF_CIADDR, address);
        return self();
    }

    public DhcpMessage.Builder yiaddr(int address) {
        Bytes.putInt(header, OFF_YIADDR, address);
        return self();
    }

    public DhcpMessage.Builder siaddr(int address) {
        Bytes.putInt(header, OFF_SIADDR, address);
        return self();
    }

    public DhcpMessage.Builder giaddr(int address) {
        Bytes.putInt(header, OFF_GIADDR, address);
        return self();
    }

    /** Sets {@code htype}, {@code hlen} and {@code chaddr} (zero-padded to 16 bytes). */
    public DhcpMessage.Builder hardwareAddress(HardwareAddress address) {
        return chaddr(address.htype(), address.length(), address.toByteArray());
    }

    /**
     * Sets the hardware fields independently, e.g. InfiniBand's {@code hlen} 0 (RFC 4390).
     *
     * @param chaddr up to 16 bytes, zero-padded
     */
    public DhcpMessage.Builder chaddr(int htype, int hlen, byte[] chaddr) {
        checkRange("htype", htype, 255);
        checkRange("hlen", hlen, CHADDR_LENGTH);
        if (chaddr.length > CHADDR_LENGTH) {
            throw new IllegalArgumentException("chaddr longer than 16 bytes: " + chaddr.length);
        }
        header[OFF_HTYPE] = (byte) htype;
        header[OFF_HLEN] = (byte) hlen;
        Arrays.fill(header, OFF_CHADDR, OFF_CHADDR + CHADDR_LENGTH, (byte) 0);
        System.arraycopy(chaddr, 0, header, OFF_CHADDR, chaddr.length);
        return self();
    }

    /** The {@code sname} field: UTF-8, at most 63 bytes so a NUL ends it. */
    public DhcpMessage.Builder serverName(String name) {
        return field(OFF_SNAME, SNAME_LENGTH, "sname", name);
    }

    /** The {@code file} field: UTF-8, at most 127 bytes so a NUL ends it. */
    public DhcpMessage.Builder bootFileName(String name) {
        return field(OFF_FILE, FILE_LENGTH, "file", name);
    }

    private DhcpMessage.Builder field(int off, int len, String what, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length >= len) {
            throw new IllegalArgumentException(what + " of " + b.length + " bytes does not fit; at most "
                    + (len - 1));
        }
        Arrays.fill(header, off, off + len, (byte) 0);
        System.arraycopy(b, 0, header, off, b.length);
        return self();
    }

    /**
     * Sets an option from raw bytes (copied). Values longer than 255 bytes are split into several instances on
     * encode (RFC 3396).
     *
     * @throws IllegalArgumentException for codes 0 (pad), 52 (overload, managed by the encoder) and 255 (end),
     *                                  and for values that break the option's format
     */
    public DhcpMessage.Builder option(int code, byte[] value) {
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
    public DhcpMessage.Builder option(DhcpOptionCode code, byte[] value) {
        return option(code.intValue(), value);
    }

    /** See {@link #option(int, byte[])}. */
    public DhcpMessage.Builder option(DhcpOption option) {
        return option(option.code().intValue(), option.value());
    }

    /** Removes an option if present. */
    public DhcpMessage.Builder removeOption(int code) {
        for (int i = 0; i < count; i++) {
            if (codes[i] == code) {
                System.arraycopy(codes, i + 1, codes, i, count - i - 1);
                System.arraycopy(values, i + 1, values, i, count - i - 1);
                values[--count] = null;
                break;
            }
        }
        return self();
    }

    public DhcpMessage.Builder messageType(DhcpMessageType type) {
        return put(53, new byte[] {(byte) type.intValue()});
    }

    public DhcpMessage.Builder requestedAddress(int address) {
        return put(50, Bytes.ofInt(address));
    }

    public DhcpMessage.Builder serverIdentifier(int address) {
        return put(54, Bytes.ofInt(address));
    }

    /** Option 51, seconds 0..0xffffffff. */
    public DhcpMessage.Builder leaseTime(long seconds) {
        return put(51, Bytes.ofInt(checkSeconds("lease time", seconds)));
    }

    /** Option 58 (T1), seconds 0..0xffffffff. */
    public DhcpMessage.Builder renewalTime(long seconds) {
        return put(58, Bytes.ofInt(checkSeconds("renewal time", seconds)));
    }

    /** Option 59 (T2), seconds 0..0xffffffff. */
    public DhcpMessage.Builder rebindingTime(long seconds) {
        return put(59, Bytes.ofInt(checkSeconds("rebinding time", seconds)));
    }

    public DhcpMessage.Builder subnetMask(int mask) {
        return put(1, Bytes.ofInt(mask));
    }

    /** Option 3; at least one address. */
    public DhcpMessage.Builder routers(int... addresses) {
        return put(3, addressList("routers", addresses));
    }

    /** Option 6; at least one address. */
    public DhcpMessage.Builder domainNameServers(int... addresses) {
        return put(6, addressList("domain-name-servers", addresses));
    }

    public DhcpMessage.Builder domainName(String name) {
        return put(15, Bytes.utf8(name));
    }

    public DhcpMessage.Builder hostName(String name) {
        return put(12, Bytes.utf8(name));
    }

    public DhcpMessage.Builder broadcastAddress(int address) {
        return put(28, Bytes.ofInt(address));
    }

    /** Option 55; codes 0..255. */
    public DhcpMessage.Builder parameterRequestList(int... optionCodes) {
        byte[] b = new byte[optionCodes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) checkRange("requested option code", optionCodes[i], 255);
        }
        return put(55, b);
    }

    /** Option 57, 0..65535 (RFC 2132 makes 576 the smallest legal value; not enforced here). */
    public DhcpMessage.Builder maxMessageSize(int size) {
        byte[] b = new byte[2];
        Bytes.putShort(b, 0, checkRange("max message size", size, 0xffff));
        return put(57, b);
    }

    public DhcpMessage.Builder clientId(ClientId clientId) {
        return put(61, clientId.toByteArray());
    }

    public DhcpMessage.Builder vendorClass(String vendorClass) {
        return put(60, Bytes.utf8(vendorClass));
    }

    /** Option 77 as bytes (copied). */
    public DhcpMessage.Builder userClass(byte[] userClass) {
        return put(77, userClass.clone());
    }

    public DhcpMessage.Builder clientFqdn(ClientFqdn fqdn) {
        return put(81, fqdn.toByteArray());
    }

    public DhcpMessage.Builder relayAgentInfo(RelayAgentInfo info) {
        return put(82, info.toByteArray());
    }

    public DhcpMessage.Builder subnetSelection(int address) {
        return put(118, Bytes.ofInt(address));
    }

    public DhcpMessage.Builder message(String text) {
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
    final DhcpMessage.Builder put(int code, byte[] value) {
        for (int i = 0; i < count; i++) {
            if (codes[i] == code) {
                values[i] = value;
                return self();
            }
        }
        if (count == codes.length) {
            codes = Arrays.copyOf(codes, 2 * count);
            values = Arrays.copyOf(values, 2 * count);
        }
        codes[count] = code;
        values[count++] = value;
        return self();
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

    private DhcpMessage.Builder self() {
        return (DhcpMessage.Builder) this;
    }
}
