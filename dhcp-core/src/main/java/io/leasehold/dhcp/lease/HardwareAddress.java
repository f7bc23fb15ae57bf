package io.leasehold.dhcp.lease;

import java.util.Arrays;

/**
 * A client's link-layer address: hardware type (1 = Ethernet) and up to 20 bytes (Kea's limit; a DHCPv4
 * {@code chaddr} carries at most 16 of them). Immutable.
 *
 * <p>Kea's lease file does not store the hardware type; addresses loaded from it are Ethernet.
 */
public final class HardwareAddress {
    /** Hardware type for Ethernet (RFC 1700). */
    public static final int HTYPE_ETHERNET = 1;
    /** The longest hardware address a BOOTP/DHCP chaddr field can hold. */
    public static final int MAX_LENGTH = 20;

    private final int htype;
    private final byte[] bytes;
    private final int hash;

    private HardwareAddress(int htype, byte[] bytes) {
        this.htype = htype;
        this.bytes = bytes;
        this.hash = ByteHash.of(bytes, htype);
    }

    /** An address of the given hardware type; the array is copied. */
    public static HardwareAddress of(int htype, byte[] bytes) {
        if (htype < 0 || htype > 255) {
            throw new IllegalArgumentException("hardware type out of range 0..255: " + htype);
        }
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("hardware address longer than " + MAX_LENGTH + " bytes: " + bytes.length);
        }
        return new HardwareAddress(htype, bytes.clone());
    }

    /** An address of the given hardware type from {@code length} bytes of {@code bytes} from {@code offset}; copied. */
    public static HardwareAddress of(int htype, byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (htype < 0 || htype > 255) {
            throw new IllegalArgumentException("hardware type out of range 0..255: " + htype);
        }
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("hardware address longer than " + MAX_LENGTH + " bytes: " + length);
        }
        return new HardwareAddress(htype, Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** An Ethernet address; the array is copied. */
    public static HardwareAddress ethernet(byte[] bytes) {
        return of(HTYPE_ETHERNET, bytes);
    }

    /**
     * Parses Kea's text form: hex byte groups separated by {@code :} (one or two digits per group, as Kea's
     * loader accepts), e.g. {@code 00:0c:01:02:03:04}. Dashes and unseparated hex are rejected, as Kea does.
     *
     * @throws IllegalArgumentException naming the text when it is not a hardware address
     */
    public static HardwareAddress parse(String text) {
        return ethernet(HexText.parseColonSeparated(text, MAX_LENGTH, "hardware address"));
    }

    public int htype() {
        return htype;
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the address bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Whether this is the address of type {@code htype} made of the {@code length} bytes of {@code bytes} from
     * {@code offset}: {@link #equals} against bytes in place, without making an address of them.
     */
    public boolean equalsBytes(int htype, byte[] bytes, int offset, int length) {
        return htype == this.htype && Arrays.equals(this.bytes, 0, this.bytes.length, bytes, offset, offset + length);
    }

    /** The byte at {@code index}, without copying. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Kea's text form: lower-case hex bytes separated by {@code :}. */
    @Override
    public String toString() {
        return HexText.toColonHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareAddress other && other.htype == htype && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
