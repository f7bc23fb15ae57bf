package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.codec.internal.DomainNames;
import io.leasehold.dhcp.codec.internal.OptionFormats;
import java.util.Arrays;

/**
 * The value of option 81, client FQDN (RFC 4702): flags, the two deprecated RCODE bytes and a domain name, either in
 * DNS wire format (flag E set) or, deprecated but still sent by clients such as BusyBox udhcpc, as plain ASCII.
 * Immutable; keeps the bytes exactly as received, so re-encoding is byte-identical.
 */
public final class ClientFqdn {
    /** S: the client asks the server to update the A record. */
    public static final int FLAG_S = 0x01;
    /** O: the server overrode the client's S flag (server to client only). */
    public static final int FLAG_O = 0x02;
    /** E: the name is in DNS wire format. */
    public static final int FLAG_E = OptionFormats.FQDN_FLAG_E;
    /** N: no DNS updates at all. */
    public static final int FLAG_N = 0x08;

    private final byte[] bytes;

    private ClientFqdn(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses an option 81 value; the array is copied.
     *
     * @throws IllegalArgumentException saying what is wrong when the value is malformed
     */
    public static ClientFqdn parse(byte[] value) {
        String problem = OptionFormats.checkFqdn(value, 0, value.length);
        if (problem != null) {
            throw new IllegalArgumentException("client FQDN option: " + problem);
        }
        return new ClientFqdn(value.clone());
    }

    static ClientFqdn wrap(byte[] value) {
        return new ClientFqdn(value);
    }

    /**
     * An FQDN option with RCODEs 0 (as clients send them). With {@link #FLAG_E} the name is written in wire format, a
     * trailing dot making it fully qualified; without it the name is written as plain text.
     *
     * @throws IllegalArgumentException when the flags do not fit a byte or the name is not a valid domain name
     */
    public static ClientFqdn of(int flags, String domainName) {
        return of(flags, 0, 0, domainName);
    }

    /**
     * An FQDN option with explicit RCODEs (RFC 4702 says servers send 255 in both).
     *
     * @throws IllegalArgumentException when a field does not fit a byte or the name is not a valid domain name
     */
    public static ClientFqdn of(int flags, int rcode1, int rcode2, String domainName) {
        checkByte("flags", flags);
        checkByte("rcode1", rcode1);
        checkByte("rcode2", rcode2);
        byte[] name = (flags & FLAG_E) != 0 ? DomainNames.encode(domainName) : Bytes.utf8(domainName);
        byte[] b = new byte[3 + name.length];
        b[0] = (byte) flags;
        b[1] = (byte) rcode1;
        b[2] = (byte) rcode2;
        System.arraycopy(name, 0, b, 3, name.length);
        return new ClientFqdn(b);
    }

    private static void checkByte(String what, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("client FQDN " + what + " out of range 0..255: " + v);
        }
    }

    /** The flags byte (S, O, E, N bits and any reserved bits as received). */
    public int flags() {
        return bytes[0] & 0xff;
    }

    /** RCODE1 (deprecated; clients send 0, servers 255). */
    public int rcode1() {
        return bytes[1] & 0xff;
    }

    /** RCODE2 (deprecated; clients send 0, servers 255). */
    public int rcode2() {
        return bytes[2] & 0xff;
    }

    /** Whether the name is in DNS wire format (flag E). */
    public boolean isWireFormat() {
        return (bytes[0] & FLAG_E) != 0;
    }

    /**
     * The name as text: wire-format labels joined by dots, with a trailing dot when fully qualified; a plain-text
     * name as sent. Empty when the client left the name to the server.
     */
    public String domainName() {
        return isWireFormat() ? DomainNames.toText(bytes, 3, bytes.length - 3) : Bytes.text(bytes, 3, bytes.length - 3);
    }

    /** Whether the name is fully qualified (ends with the root label, or with a dot in plain text). */
    public boolean isFullyQualified() {
        if (bytes.length == 3) {
            return false;
        }
        return isWireFormat() ? bytes[bytes.length - 1] == 0 : bytes[bytes.length - 1] == '.';
    }

    /** The option value as on the wire. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientFqdn other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ClientFqdn{flags=0x" + Integer.toHexString(flags()) + ", name=" + domainName() + "}";
    }
}
