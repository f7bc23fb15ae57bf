package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;

/**
 * A {@code hooks-libraries} entry. Leasehold implements two of Kea's hook libraries itself and recognises them by
 * file name wherever the path points: {@code libdhcp_lease_cmds.so} and {@code libdhcp_ha.so}.
 *
 * @param library {@code library}, the path as configured
 * @param kind which library it is
 * @param highAvailability for the HA library, its parsed {@code parameters.high-availability}; else empty
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record HookLibrary(String library, Kind kind, List<HaRelationship> highAvailability,
        Map<String, Object> userContext) {

    public HookLibrary {
        highAvailability = List.copyOf(highAvailability);
        userContext = ModelMaps.copy(userContext);
    }

    /** The hook libraries Leasehold implements. */
    public enum Kind {
        /** {@code libdhcp_lease_cmds.so}: the lease4-* control commands (HA peers use them). */
        LEASE_CMDS("libdhcp_lease_cmds.so"),
        /** {@code libdhcp_ha.so}: High Availability. */
        HIGH_AVAILABILITY("libdhcp_ha.so"),
        /** {@code libdhcp_stat_cmds.so}: the {@code stat-lease4-get} command. */
        STAT_CMDS("libdhcp_stat_cmds.so");

        private final String fileName;

        Kind(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }
}
