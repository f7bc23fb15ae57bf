package io.leasehold.dhcp.config;

import java.util.Optional;

/** The data types of Kea's option definitions, in Kea's spelling. */
public enum OptionDataType {
    EMPTY("empty", 0),
    BINARY("binary", -1),
    BOOLEAN("boolean", 1),
    INT8("int8", 1),
    INT16("int16", 2),
    INT32("int32", 4),
    UINT8("uint8", 1),
    UINT16("uint16", 2),
    UINT32("uint32", 4),
    IPV4_ADDRESS("ipv4-address", 4),
    IPV6_ADDRESS("ipv6-address", 16),
    IPV6_PREFIX("ipv6-prefix", -1),
    PSID("psid", 3),
    STRING("string", -1),
    FQDN("fqdn", -1),
    TUPLE("tuple", -1),
    RECORD("record", -1),
    /** Options whose text form is specific to the option (e.g. 121 classless-static-route in newer Kea). */
    INTERNAL("internal", -1);

    private final String keaName;
    private final int size;

    OptionDataType(String keaName, int size) {
        this.keaName = keaName;
        this.size = size;
    }

    /** The type name as written in {@code option-def}. */
    public String keaName() {
        return keaName;
    }

    /** Encoded size in bytes, or -1 when it varies. */
    public int fixedSize() {
        return size;
    }

    /** The type named {@code name} in Kea's spelling. */
    public static Optional<OptionDataType> fromKeaName(String name) {
        for (OptionDataType t : values()) {
            if (t.keaName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
