package io.leasehold.dhcp.lease;

import java.util.Arrays;

/**
 * The content of a client's DHCP option 61 (client identifier), type byte included. Immutable.
 */
public final class ClientId {
    /** Option 61 carries at least a type byte and one byte of identifier (RFC 2132 §9.14). */
    public static final int MIN_LENGTH = 2;
    /** One option instance holds at most 255 bytes. */
    public static final int MAX_LENGTH = 255;

    private final byte[] bytes;
    private final int hash;

    private ClientId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = ByteHash.of(bytes, 0x61);
    }

    /** A client identifier from the option's bytes; the array is copied. */
    public static ClientId of(byte[] bytes) {
        if (bytes.length < MIN_LENGTH || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("client identifier must be " + MIN_LENGTH + ".." + MAX_LENGTH
                    + " bytes, got " + bytes.length);
        }
        return new ClientId(bytes.clone());
    }

    /** A client identifier from {@code length} bytes of {@code bytes} from {@code offset}; they are copied. */
    public static ClientId of(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("client identifier must be " + MIN_LENGTH + ".." + MAX_LENGTH
                    + " bytes, got " + length);
        }
        return new ClientId(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Parses Kea's text form: hex bytes separated by {@code :} ({@code 01:00:0c:01:02:03:04}); unseparated hex
     * ({@code 0102}) is accepted too, as Kea's lease file loader does.
     *
     * @throws IllegalArgumentException naming the text when it is not a client identifier
     */
    public static ClientId parse(String text) {
        return of(HexText.parseFlexible(text, MAX_LENGTH, "client identifier"));
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the identifier bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Whether this identifier is the {@code length} bytes of {@code bytes} from {@code offset}: {@link #equals}
     * against bytes in place, without making an identifier of them.
     */
    public boolean equalsBytes(byte[] bytes, int offset, int length) {
        return java.util.Arrays.equals(this.bytes, 0, this.bytes.length, bytes, offset, offset + length);
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
        return o instanceof ClientId other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
