package io.leasehold.dhcp.config;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code option-data} entry as configured, with its payload already encoded by {@link OptionDataEncoder}.
 * Immutable.
 */
public final class OptionData {
    private final String name;
    private final int code;
    private final String space;
    private final String data;
    private final boolean csvFormat;
    private final boolean alwaysSend;
    private final boolean neverSend;
    private final Map<String, Object> userContext;
    private final byte[] payload;

    private OptionData(String name, int code, String space, String data, boolean csvFormat, boolean alwaysSend,
            boolean neverSend, Map<String, Object> userContext, byte[] payload) {
        this.name = Objects.requireNonNull(name, "name");
        this.code = code;
        this.space = Objects.requireNonNull(space, "space");
        this.data = Objects.requireNonNull(data, "data");
        this.csvFormat = csvFormat;
        this.alwaysSend = alwaysSend;
        this.neverSend = neverSend;
        this.userContext = ModelMaps.copy(userContext);
        this.payload = payload;
    }

    /**
     * An entry; the payload array is copied. The loader validates and encodes; callers building one by hand should
     * use {@link OptionDataEncoder} for the payload.
     */
    public static OptionData of(String name, int code, String space, String data, boolean csvFormat,
            boolean alwaysSend, boolean neverSend, Map<String, Object> userContext, byte[] payload) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code out of range 1..254: " + code);
        }
        return new OptionData(name, code, space, data, csvFormat, alwaysSend, neverSend, userContext,
                payload.clone());
    }

    /** {@code name}: as configured, or the definition's name when only the code was given (empty if none). */
    public String name() {
        return name;
    }

    /** {@code code}: as configured, or resolved from the name. */
    public int code() {
        return code;
    }

    /** {@code space} (default {@code dhcp4}). */
    public String space() {
        return space;
    }

    /** {@code data} text as configured (empty when absent). */
    public String data() {
        return data;
    }

    /** {@code csv-format} (default true). */
    public boolean csvFormat() {
        return csvFormat;
    }

    /** {@code always-send}: include even when the client did not request it (default false). */
    public boolean alwaysSend() {
        return alwaysSend;
    }

    /** {@code never-send}: never include, even when requested (Kea 2.3.6+; default false). */
    public boolean neverSend() {
        return neverSend;
    }

    public Map<String, Object> userContext() {
        return userContext;
    }

    /** The encoded option value (without code and length); a copy. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The encoded option value as a read-only view, without copying. */
    public ByteBuffer payloadView() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    public int payloadLength() {
        return payload.length;
    }

    /**
     * Copies the encoded value into {@code dst} from {@code offset} and answers its length: {@link #payload()} into an
     * array the caller reuses.
     *
     * @throws IndexOutOfBoundsException when it does not fit
     */
    public int copyPayload(byte[] dst, int offset) {
        System.arraycopy(payload, 0, dst, offset, payload.length);
        return payload.length;
    }

    /** Four bytes of the encoded value from {@code offset} as a big-endian {@code int} (e.g. an address). */
    public int payloadInt(int offset) {
        java.util.Objects.checkFromIndexSize(offset, 4, payload.length);
        return (payload[offset] & 0xff) << 24 | (payload[offset + 1] & 0xff) << 16 | (payload[offset + 2] & 0xff) << 8
                | (payload[offset + 3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionData other && other.code == code && other.csvFormat == csvFormat
                && other.alwaysSend == alwaysSend && other.neverSend == neverSend && other.name.equals(name)
                && other.space.equals(space) && other.data.equals(data) && other.userContext.equals(userContext)
                && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, code, space, data, csvFormat, alwaysSend, neverSend) * 31
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return space + "." + (name.isEmpty() ? String.valueOf(code) : name) + "(" + code + ")=" + data;
    }
}
