package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import java.util.Arrays;

/**
 * One option of a {@link DhcpMessage}: a code and its value, the value of all instances of the code concatenated as
 * RFC 3396 prescribes (so it may be longer than 255 bytes). Immutable.
 */
public final class DhcpOption {
    private final DhcpOptionCode code;
    private final byte[] value;

    private DhcpOption(DhcpOptionCode code, byte[] value) {
        this.code = code;
        this.value = value;
    }

    /** An option; the array is copied. */
    public static DhcpOption of(DhcpOptionCode code, byte[] value) {
        return new DhcpOption(code, value.clone());
    }

    /** An option; the array is copied. */
    public static DhcpOption of(int code, byte[] value) {
        return of(DhcpOptionCode.valueOf(code), value);
    }

    static DhcpOption wrap(int code, byte[] value) {
        return new DhcpOption(DhcpOptionCode.valueOf(code), value);
    }

    public DhcpOptionCode code() {
        return code;
    }

    /** The value length in bytes. */
    public int length() {
        return value.length;
    }

    /** A copy of the value. */
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOption other && other.code == code && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * code.intValue() + Arrays.hashCode(value);
    }

    /** {@code name(code)=hex}. */
    @Override
    public String toString() {
        return code + "=" + Bytes.hex(value, 0, value.length);
    }
}
