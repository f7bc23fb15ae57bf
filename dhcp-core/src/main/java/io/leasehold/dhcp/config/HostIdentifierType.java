package io.leasehold.dhcp.config;

/** The kinds of client identifiers a host reservation may use, in Kea's spelling. */
public enum HostIdentifierType {
    /** The client's hardware (MAC) address. */
    HW_ADDRESS("hw-address"),
    /** The DUID inside an RFC 4361 client identifier. */
    DUID("duid"),
    /** Sub-option 1 (circuit id) of the relay agent information option 82. */
    CIRCUIT_ID("circuit-id"),
    /** The whole client identifier option 61, type byte included. */
    CLIENT_ID("client-id"),
    /** Kea's flexible identifier (computed by the flex_id hook). */
    FLEX_ID("flex-id");

    private final String keaName;

    HostIdentifierType(String keaName) {
        this.keaName = keaName;
    }

    /** The name used as the reservation key and in {@code host-reservation-identifiers}. */
    public String keaName() {
        return keaName;
    }
}
