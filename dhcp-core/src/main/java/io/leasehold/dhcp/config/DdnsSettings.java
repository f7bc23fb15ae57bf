package io.leasehold.dhcp.config;

import java.util.OptionalDouble;

/**
 * Kea's {@code ddns-*} parameters (global, shared network, subnet). Leasehold parses them so configurations load
 * and {@code config-get} can report them; they only decide the FQDN option flags, no DNS update is ever sent
 * (sending requires {@code dhcp-ddns.enable-updates}, which is rejected as unsupported).
 *
 * @param replaceClientName one of {@code never}, {@code always}, {@code when-present}, {@code when-not-present}
 * @param conflictResolutionMode Kea 2.5+ {@code ddns-conflict-resolution-mode}; {@code check-with-dhcid} by default
 * @param ttlPercent Kea 2.4+ {@code ddns-ttl-percent}, absent by default
 */
public record DdnsSettings(boolean sendUpdates, boolean overrideNoUpdate, boolean overrideClientUpdate,
        String replaceClientName, String generatedPrefix, String qualifyingSuffix, boolean updateOnRenew,
        boolean useConflictResolution, String conflictResolutionMode, OptionalDouble ttlPercent) {

    /** Kea's defaults. */
    public static final DdnsSettings DEFAULTS = new DdnsSettings(true, false, false, "never", "myhost", "", false, true,
            "check-with-dhcid", OptionalDouble.empty());
}
