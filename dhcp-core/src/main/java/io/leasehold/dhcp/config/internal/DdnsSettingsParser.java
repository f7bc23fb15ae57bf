package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.DdnsSettings;
import java.util.Map;
import java.util.OptionalDouble;

/** The {@code ddns-*} keys at one level, inheriting what is not set there. */
final class DdnsSettingsParser {
    private static final Map<String, String> REPLACE = Choices.strings("never", "always", "when-present",
            "when-not-present");
    private static final Map<String, String> RESOLUTION = Choices.strings("check-with-dhcid", "no-check-with-dhcid",
            "check-exists-with-dhcid", "no-check-without-dhcid");

    private DdnsSettingsParser() {
    }

    static DdnsSettings parse(MapReader m, DdnsSettings parent) throws ConfigException {
        OptionalDouble ttl = m.optDecimal("ddns-ttl-percent", 0, 1);
        return new DdnsSettings(
                m.bool("ddns-send-updates", parent.sendUpdates()),
                m.bool("ddns-override-no-update", parent.overrideNoUpdate()),
                m.bool("ddns-override-client-update", parent.overrideClientUpdate()),
                m.choice("ddns-replace-client-name", parent.replaceClientName(), REPLACE),
                m.string("ddns-generated-prefix", parent.generatedPrefix()),
                m.string("ddns-qualifying-suffix", parent.qualifyingSuffix()),
                m.bool("ddns-update-on-renew", parent.updateOnRenew()),
                m.bool("ddns-use-conflict-resolution", parent.useConflictResolution()),
                m.choice("ddns-conflict-resolution-mode", parent.conflictResolutionMode(), RESOLUTION),
                ttl.isPresent() ? ttl : parent.ttlPercent());
    }
}
