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
 * value, and {@link #build()}.
 *
 * <p>Where the header and the values live is {@link MessageArea}'s concern (one array and a row table: a builder
 * costs two arrays however many options it gets, and a reused one, {@link DhcpMessage.Builder#resetToReplyTo},
 * none); this class is the setters and their checks. The public builder is this class under its public name: {@code DhcpMessage.Builder}
 * is its only subclass and adds nothing, and every method here answers that type, so chained calls keep it. Building
 * a reply therefore still costs one builder object. (javac gives {@code DhcpMessage.Builder} a public bridge for each
 * public method here, since this class is not public; the bridges are trivial and inlined by the JIT.)
 */
abstract sealed class MessageBuilder extends MessageArea permits DhcpMessage.Builder {
    MessageBuilder() {
        clear();
    }

    /** Back to a new builder's state: a BOOTREQUEST with Ethernet hardware type, everything else zero, no options. */
    final void clear() {
        Arrays.fill(header, 0, HEADER_LENGTH, (byte) 0);
        header[OFF_OP] = BOOTREQUEST;
        header[OFF_HTYPE] = (byte) HardwareAddress.HTYPE_ETHERNET;
        clearOptions();
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
        return option(code, value, 0, value.length);
    }

    /**
     * Sets an option from {@code length} bytes of {@code value} from {@code offset} (copied); otherwise as
     * {@link #option(int, byte[])}.
     */
    public DhcpMessage.Builder option(int code, byte[] value, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, value.length);
        checkSettable(code, "set");
        String problem = OptionFormats.check(code, value, offset, length);
        if (problem != null) {
            throw new IllegalArgumentException("option " + DhcpOptionCode.valueOf(code) + ": " + problem);
        }
        return put(code, value, offset, length);
    }

    /**
     * Sets option {@code code} to its value in {@code message}, copied straight from that message's bytes (the decoder
     * and the builder have checked it already); removes it here when {@code message} does not carry it. For a reply
     * that echoes options of its query (client identifier, relay agent information).
     *
     * @throws IllegalArgumentException for codes 0, 52 and 255 (see {@link #option(int, byte[])})
     */
    public DhcpMessage.Builder copyOption(DhcpMessage message, int code) {
        checkSettable(code, "copied");
        int slot = message.find(code);
        if (slot < 0) {
            return removeOption(code);
        }
        return put(code, message.data, message.table[slot + 1], message.table[slot + 2]);
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
        removeRow(code);
        return self();
    }

    public DhcpMessage.Builder messageType(DhcpMessageType type) {
        int at = slot(53, 1);
        header[at] = (byte) type.intValue();
        return self();
    }

    public DhcpMessage.Builder requestedAddress(int address) {
        return putInt(50, address);
    }

    public DhcpMessage.Builder serverIdentifier(int address) {
        return putInt(54, address);
    }

    /** Option 51, seconds 0..0xffffffff. */
    public DhcpMessage.Builder leaseTime(long seconds) {
        return putInt(51, checkSeconds("lease time", seconds));
    }

    /** Option 58 (T1), seconds 0..0xffffffff. */
    public DhcpMessage.Builder renewalTime(long seconds) {
        return putInt(58, checkSeconds("renewal time", seconds));
    }

    /** Option 59 (T2), seconds 0..0xffffffff. */
    public DhcpMessage.Builder rebindingTime(long seconds) {
        return putInt(59, checkSeconds("rebinding time", seconds));
    }

    public DhcpMessage.Builder subnetMask(int mask) {
        return putInt(1, mask);
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
        return putInt(28, address);
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
        return put(77, userClass);
    }

    public DhcpMessage.Builder clientFqdn(ClientFqdn fqdn) {
        return put(81, fqdn.toByteArray());
    }

    public DhcpMessage.Builder relayAgentInfo(RelayAgentInfo info) {
        return put(82, info.toByteArray());
    }

    public DhcpMessage.Builder subnetSelection(int address) {
        return putInt(118, address);
    }

    public DhcpMessage.Builder message(String text) {
        return put(56, Bytes.utf8(text));
    }

    /**
     * The message: its own array of the header and the live option values (one copy), and its own table. When values
     * were replaced by ones of another length or removed, the builder first repacks its array so that every byte up
     * to {@code end} is live. The builder stays usable.
     */
    public DhcpMessage build() {
        return toMessage();
    }

    /** {@link #build()} into {@code slot} (see {@link MessageSlot#build}). */
    final DhcpMessage buildInto(MessageSlot slot) {
        return toMessage(slot);
    }

    /** Stores a copy of a value (already validated). */
    final DhcpMessage.Builder put(int code, byte[] value) {
        return put(code, value, 0, value.length);
    }

    /** Stores a copy of {@code length} bytes of {@code src} from {@code offset} (already validated). */
    final DhcpMessage.Builder put(int code, byte[] src, int offset, int length) {
        int at = slot(code, length); // before reading the field: slot may grow the array
        System.arraycopy(src, offset, header, at, length);
        return self();
    }

    private DhcpMessage.Builder putInt(int code, int value) {
        int at = slot(code, 4);
        Bytes.putInt(header, at, value);
        return self();
    }

    /** Codes 0 (pad) and 255 (end) are framing and 52 (overload) is the encoder's: no value may be given for them. */
    private static void checkSettable(int code, String verb) {
        checkRange("option code", code, 255);
        if (code == 0 || code == 255 || code == OVERLOAD) {
            throw new IllegalArgumentException("option " + DhcpOptionCode.valueOf(code) + " cannot be " + verb + ": "
                    + (code == OVERLOAD ? "the encoder manages overload" : "it is framing"));
        }
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
