package io.leasehold.dhcp.config;

import java.util.Arrays;
import java.util.Objects;

/** The identifier of a host reservation: its type and bytes. Immutable. */
public final class HostIdentifier {
    private final HostIdentifierType type;
    private final byte[] bytes;

    private HostIdentifier(HostIdentifierType type, byte[] bytes) {
        this.type = Objects.requireNonNull(type, "type");
        this.bytes = bytes;
    }

    /** An identifier; the array is copied. */
    public static HostIdentifier of(HostIdentifierType type, byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("host identifier must not be empty");
        }
        return new HostIdentifier(type, bytes.clone());
    }

    public HostIdentifierType type() {
        return type;
    }

    /** A copy of the identifier bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** True when {@code candidate} holds exactly these bytes (no copy). */
    public boolean matches(byte[] candidate) {
        return Arrays.equals(bytes, candidate);
    }

    /** Lower-case hex bytes separated by {@code :}. */
    public String hex() {
        StringBuilder b = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return b.toString();
    }

    /** e.g. {@code hw-address=00:01:02:03:04:05}. */
    @Override
    public String toString() {
        return type.keaName() + "=" + hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostIdentifier other && other.type == type && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(bytes);
    }
}
