package io.leasehold.dhcp.config;

import java.util.List;

/**
 * Global {@code Dhcp4} parameters that only exist at the global level.
 *
 * @param declineProbationPeriod {@code decline-probation-period} in seconds (default 86400)
 * @param echoClientId {@code echo-client-id} (default true, RFC 6842)
 * @param hostReservationIdentifiers {@code host-reservation-identifiers}, lookup order (default hw-address, duid,
 *     circuit-id, client-id)
 * @param dhcp4o6Port {@code dhcp4o6-port}; only 0 (DHCPv4-over-DHCPv6 off) is accepted
 * @param serverTag {@code server-tag} (default empty)
 * @param parkedPacketLimit {@code parked-packet-limit} (default 256; 0 = unlimited)
 * @param statisticDefaultSampleCount {@code statistic-default-sample-count} (default 20)
 * @param statisticDefaultSampleAge {@code statistic-default-sample-age} in seconds (default 0)
 * @param ipReservationsUnique {@code ip-reservations-unique} (default true)
 * @param reservationsLookupFirst {@code reservations-lookup-first} (default false; Kea forces it on with
 *     multi-threading)
 * @param earlyGlobalReservationsLookup {@code early-global-reservations-lookup} (default false)
 * @param leaseChecks {@code sanity-checks.lease-checks} (default warn)
 * @param extendedInfoChecks {@code sanity-checks.extended-info-checks} (Kea 2.5+; default fix)
 * @param compatibility {@code compatibility} flags
 * @param queueControl {@code dhcp-queue-control}; {@code enable-queue} true is rejected as unsupported
 * @param dhcpDdns {@code dhcp-ddns}: the connection to kea-dhcp-ddns (name change requests over UDP, JSON)
 */
public record ServerSettings(long declineProbationPeriod, boolean echoClientId,
        List<HostIdentifierType> hostReservationIdentifiers, long dhcp4o6Port, String serverTag,
        long parkedPacketLimit, long statisticDefaultSampleCount, long statisticDefaultSampleAge,
        boolean ipReservationsUnique, boolean reservationsLookupFirst, boolean earlyGlobalReservationsLookup,
        LeaseChecks leaseChecks, String extendedInfoChecks, Compatibility compatibility, QueueControl queueControl,
        DhcpDdns dhcpDdns) {

    /** Kea's default {@code host-reservation-identifiers}. */
    public static final List<HostIdentifierType> DEFAULT_HOST_RESERVATION_IDENTIFIERS = List.of(
            HostIdentifierType.HW_ADDRESS, HostIdentifierType.DUID, HostIdentifierType.CIRCUIT_ID,
            HostIdentifierType.CLIENT_ID);

    /** Kea's defaults. */
    public static final ServerSettings DEFAULTS = new ServerSettings(86400, true, DEFAULT_HOST_RESERVATION_IDENTIFIERS,
            0, "", 256, 20, 0, true, false, false, LeaseChecks.WARN, "fix", Compatibility.DEFAULTS,
            QueueControl.DEFAULTS, DhcpDdns.DEFAULTS);

    public ServerSettings {
        hostReservationIdentifiers = List.copyOf(hostReservationIdentifiers);
    }

    /** {@code sanity-checks.lease-checks}: what to do with a loaded lease whose subnet id does not fit. */
    public enum LeaseChecks {
        NONE("none"), WARN("warn"), FIX("fix"), FIX_DEL("fix-del"), DEL("del");

        private final String keaName;

        LeaseChecks(String keaName) {
            this.keaName = keaName;
        }

        public String keaName() {
            return keaName;
        }
    }

    /**
     * Kea's {@code compatibility} map (workarounds for broken clients and relays; all default false).
     *
     * @param lenientOptionParsing {@code lenient-option-parsing}
     * @param ignoreDhcpServerIdentifier {@code ignore-dhcp-server-identifier} (Kea 2.3.9+)
     * @param ignoreRaiLinkSelection {@code ignore-rai-link-selection} (Kea 2.3.6+)
     * @param excludeFirstLast24 {@code exclude-first-last-24} (Kea 2.3.7+)
     */
    public record Compatibility(boolean lenientOptionParsing, boolean ignoreDhcpServerIdentifier,
            boolean ignoreRaiLinkSelection, boolean excludeFirstLast24) {
        public static final Compatibility DEFAULTS = new Compatibility(false, false, false, false);
    }

    /** Kea's {@code dhcp-queue-control} (congestion handling; only accepted disabled). */
    public record QueueControl(boolean enableQueue, String queueType, long capacity) {
        public static final QueueControl DEFAULTS = new QueueControl(false, "kea-ring4", 64);
    }

    /**
     * Kea's {@code dhcp-ddns}: where name change requests go (kea-dhcp-ddns at {@code server-ip:server-port}), where
     * they are sent from, and how many may wait to be sent. Only {@code UDP} and {@code JSON}, as Kea 2.2.
     */
    public record DhcpDdns(boolean enableUpdates, String serverIp, long serverPort, String senderIp,
            long senderPort, long maxQueueSize, String ncrProtocol, String ncrFormat) {
        public static final DhcpDdns DEFAULTS = new DhcpDdns(false, "127.0.0.1", 53001, "0.0.0.0", 0, 1024, "UDP",
                "JSON");
    }
}
