package io.leasehold.dhcp.config;

import java.util.OptionalDouble;

/**
 * Kea's {@code ddns-*} parameters (global, shared network, subnet): how a client's name (option 81 or 12) becomes
 * the lease's host name and the reply's option, and, with {@code dhcp-ddns.enable-updates}, which name change
 * requests go to kea-dhcp-ddns. Kea 2.2 uses {@code ddns-use-conflict-resolution}; the 2.4+ keys are parsed but do
 * not change what is sent.
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
