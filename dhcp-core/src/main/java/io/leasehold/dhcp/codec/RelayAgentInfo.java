package io.leasehold.dhcp.codec;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.codec.internal.OptionFormats;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * The value of option 82, relay agent information (RFC 3046): an ordered list of sub-options. Typed accessors cover the
 * sub-options Kea knows (its {@code dhcp-agent-options-space}); every other sub-option is kept as bytes, in place, so a
 * server echoing the option returns it byte for byte. Immutable.
 */
public final class RelayAgentInfo {
    /** Agent circuit ID (RFC 3046). */
    public static final int CIRCUIT_ID = 1;
    /** Agent remote ID (RFC 3046). */
    public static final int REMOTE_ID = 2;
    /** Link selection: the subnet to allocate from (RFC 3527), 4 bytes. */
    public static final int LINK_SELECTION = 5;
    /** Subscriber ID, NVT ASCII (RFC 3993). */
    public static final int SUBSCRIBER_ID = 6;
    /** Server identifier override (RFC 5107), 4 bytes. */
    public static final int SERVER_ID_OVERRIDE = 11;
    /** Relay source port: the relay listens on a port other than 67 (RFC 8357). */
    public static final int RELAY_SOURCE_PORT = 19;

    private final byte[] bytes;

    private RelayAgentInfo(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses an option 82 value; the array is copied.
     *
     * @throws IllegalArgumentException saying what is wrong when the sub-options are malformed
     */
    public static RelayAgentInfo parse(byte[] value) {
        String problem = OptionFormats.checkSubOptions(value, 0, value.length);
        if (problem != null) {
            throw new IllegalArgumentException("relay agent information option: " + problem);
        }
        return new RelayAgentInfo(value.clone());
    }

    static RelayAgentInfo wrap(byte[] value) {
        return new RelayAgentInfo(value);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sub-option 1, or {@code null}. */
    public byte[] circuitId() {
        return subOption(CIRCUIT_ID);
    }

    /** Sub-option 2, or {@code null}. */
    public byte[] remoteId() {
        return subOption(REMOTE_ID);
    }

    /** Sub-option 5 as an address (see {@link io.leasehold.dhcp.lease.Ipv4}). */
    public OptionalInt linkSelection() {
        return address(LINK_SELECTION);
    }

    /** Sub-option 6 as text, or {@code null}. */
    public String subscriberId() {
        int i = find(SUBSCRIBER_ID);
        return i < 0 ? null : Bytes.text(bytes, i + 2, bytes[i + 1] & 0xff);
    }

    /** Sub-option 11 as an address. */
    public OptionalInt serverIdOverride() {
        return address(SERVER_ID_OVERRIDE);
    }

    /** Whether sub-option 19 is present: replies go back to the relay's source port, not 67. */
    public boolean hasRelaySourcePort() {
        return find(RELAY_SOURCE_PORT) >= 0;
    }

    /** Whether a sub-option is present. */
    public boolean has(int code) {
        return find(code) >= 0;
    }

    /** The first sub-option with this code, or {@code null}. */
    public byte[] subOption(int code) {
        int i = find(code);
        return i < 0 ? null : Arrays.copyOfRange(bytes, i + 2, i + 2 + (bytes[i + 1] & 0xff));
    }

    /** All sub-options in wire order, unknown ones included. */
    public List<SubOption> subOptions() {
        List<SubOption> list = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 2 + (bytes[i + 1] & 0xff)) {
            list.add(new SubOption(bytes[i] & 0xff, Arrays.copyOfRange(bytes, i + 2, i + 2 + (bytes[i + 1] & 0xff))));
        }
        return Collections.unmodifiableList(list);
    }

    /** The option value as on the wire. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    private int find(int code) {
        for (int i = 0; i < bytes.length; i += 2 + (bytes[i + 1] & 0xff)) {
            if ((bytes[i] & 0xff) == code) {
                return i;
            }
        }
        return -1;
    }

    private OptionalInt address(int code) {
        int i = find(code);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(Bytes.getInt(bytes, i + 2));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayAgentInfo other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RelayAgentInfo" + subOptions();
    }

    /** One sub-option: a code and its value. Immutable. */
    public static final class SubOption {
        private final int code;
        private final byte[] value;

        SubOption(int code, byte[] value) {
            this.code = code;
            this.value = value;
        }

        public int code() {
            return code;
        }

        /** A copy of the value. */
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SubOption other && other.code == code && Arrays.equals(other.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return code + "=" + Bytes.hex(value, 0, value.length);
        }
    }

    /** Builds a {@link RelayAgentInfo}; sub-options appear in the order they are added. */
    public static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(32);

        private Builder() {
        }

        public Builder circuitId(byte[] value) {
            return subOption(CIRCUIT_ID, value);
        }

        public Builder remoteId(byte[] value) {
            return subOption(REMOTE_ID, value);
        }

        public Builder linkSelection(int address) {
            return subOption(LINK_SELECTION, Bytes.ofInt(address));
        }

        public Builder subscriberId(String value) {
            return subOption(SUBSCRIBER_ID, Bytes.utf8(value));
        }

        public Builder serverIdOverride(int address) {
            return subOption(SERVER_ID_OVERRIDE, Bytes.ofInt(address));
        }

        /** Adds sub-option 19 with no data, as a relay listening on a port other than 67 does (RFC 8357). */
        public Builder relaySourcePort() {
            return subOption(RELAY_SOURCE_PORT, new byte[0]);
        }

        /**
         * Adds any sub-option.
         *
         * @throws IllegalArgumentException when the code is not 0..255, the value is longer than 255 bytes, or a
         *                                  link-selection / server-id-override value is not 4 bytes
         */
        public Builder subOption(int code, byte[] value) {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("relay agent sub-option code out of range 0..255: " + code);
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("relay agent sub-option " + code + " value of " + value.length
                        + " bytes; at most 255");
            }
            if ((code == LINK_SELECTION || code == SERVER_ID_OVERRIDE) && value.length != 4) {
                throw new IllegalArgumentException("relay agent sub-option " + code + " must be 4 bytes, got "
                        + value.length);
            }
            out.write(code);
            out.write(value.length);
            out.write(value, 0, value.length);
            return this;
        }

        public RelayAgentInfo build() {
            return new RelayAgentInfo(out.toByteArray());
        }
    }
}
