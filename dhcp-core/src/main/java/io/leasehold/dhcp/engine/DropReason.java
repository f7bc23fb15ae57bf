package io.leasehold.dhcp.engine;

/**
 * Why a query got no answer. Each has a stable log identifier; {@link #countsAsReceiveDrop()} tells whether Kea
 * counts it in {@code pkt4-receive-drop} (RELEASE and DECLINE are answered by no packet by design, not dropped).
 */
public enum DropReason {
    PARSE_FAILED("LH_DROP_PARSE_FAILED", true),
    SERVICE_DISABLED("LH_DROP_SERVICE_DISABLED", true),
    NOT_A_REQUEST("LH_DROP_NOT_BOOTREQUEST", true),
    UNSUPPORTED_MESSAGE_TYPE("LH_DROP_UNSUPPORTED_TYPE", true),
    NO_CLIENT_IDENTITY("LH_DROP_NO_CLIENT_IDENTITY", true),
    DISCOVER_WITH_SERVER_ID("LH_DROP_DISCOVER_WITH_SERVER_ID", true),
    NOT_FOR_US("LH_DROP_FOREIGN_SERVER_ID", true),
    DECLINE_WITHOUT_ADDRESS("LH_DROP_DECLINE_WITHOUT_ADDRESS", true),
    NO_SUBNET("LH_DROP_NO_SUBNET", true),
    DROP_CLASS("LH_DROP_CLASS_DROP", true),
    NOT_IN_SERVED_SCOPE("LH_DROP_HA_SCOPE", true),
    NO_ADDRESS_AVAILABLE("LH_DROP_ALLOCATION_FAILED", true),
    UNKNOWN_ADDRESS_REQUESTED("LH_DROP_UNKNOWN_ADDRESS_REQUESTED", true),
    NO_LEASE_INIT_REBOOT("LH_DROP_NO_LEASE_INIT_REBOOT", true),
    DUPLICATE_IN_FLIGHT("LH_DROP_CLIENT_IN_FLIGHT", true),
    LEASE_UPDATE_FAILED("LH_DROP_LEASE_UPDATE_FAILED", true),
    PARKING_LOT_FULL("LH_DROP_PARKING_LOT_FULL", true),
    QUEUE_FULL("LH_DROP_QUEUE_FULL", false),
    PROCESSING_FAILED("LH_DROP_PROCESSING_FAILED", true),
    /** RELEASE and DECLINE: processed, no answer by protocol. */
    NO_REPLY_BY_PROTOCOL("LH_NO_REPLY", false);

    private final String logId;
    private final boolean receiveDrop;

    DropReason(String logId, boolean receiveDrop) {
        this.logId = logId;
        this.receiveDrop = receiveDrop;
    }

    /** Stable log message identifier. */
    public String logId() {
        return logId;
    }

    public boolean countsAsReceiveDrop() {
        return receiveDrop;
    }
}
