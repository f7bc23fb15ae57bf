package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.HostIdentifierType;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.ServerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration in force in the shape of Kea 2.2's {@code config-get} ({@code {"Dhcp4": {...}}}): rendered from
 * the validated model, so every key Kea prints is there with Kea's default when the input left it out. Sections are
 * rendered by {@link ServicesRenderer}, {@link NetworksRenderer}, {@link OptionsRenderer} and {@link HooksRenderer}.
 *
 * <p>What Kea prints that a model cannot know is approximated: Kea shows a subnet's or shared network's
 * non-inherited parameter when the input set it there; the renderer shows it when its value differs from the
 * parent's. Keys Kea 2.2 does not know (Kea 2.4+/3.0 keys Leasehold accepts) are printed only when set to something
 * other than their default, so the output still configures the same server.
 */
public final class ConfigRenderer {
    private ConfigRenderer() {
    }

    /** {@code {"Dhcp4": {...}}}, as Kea's config-get and config-write. */
    public static Map<String, Object> render(KeaConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Dhcp4", dhcp4(c));
        return root;
    }

    /** The body of {@code Dhcp4}. */
    public static Map<String, Object> dhcp4(KeaConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        ServerSettings s = c.server();
        NetworksRenderer.settings(m, c.settings(), null);
        m.put("decline-probation-period", s.declineProbationPeriod());
        m.put("echo-client-id", s.echoClientId());
        List<Object> ids = new ArrayList<>();
        for (HostIdentifierType t : s.hostReservationIdentifiers()) {
            ids.add(t.keaName());
        }
        m.put("host-reservation-identifiers", ids);
        m.put("dhcp4o6-port", s.dhcp4o6Port());
        m.put("server-tag", s.serverTag());
        m.put("parked-packet-limit", s.parkedPacketLimit());
        m.put("statistic-default-sample-count", s.statisticDefaultSampleCount());
        m.put("statistic-default-sample-age", s.statisticDefaultSampleAge());
        m.put("ip-reservations-unique", s.ipReservationsUnique());
        m.put("reservations-lookup-first", s.reservationsLookupFirst());
        m.put("early-global-reservations-lookup", s.earlyGlobalReservationsLookup());
        ServicesRenderer.serverSections(m, c);
        m.put("option-data", OptionsRenderer.optionData(c.optionData()));
        m.put("option-def", OptionsRenderer.optionDefs(c.optionDefinitions().custom()));
        if (!c.clientClasses().isEmpty()) {
            m.put("client-classes", OptionsRenderer.clientClasses(c.clientClasses()));
        }
        m.put("hooks-libraries", HooksRenderer.hooks(c.hooksLibraries()));
        m.put("shared-networks", NetworksRenderer.sharedNetworks(c.sharedNetworks(), c.settings()));
        // the model lists every subnet; Kea lists those of a shared network inside it only
        m.put("subnet4", NetworksRenderer.subnets(c.subnets().stream().filter(s4 -> s4.sharedNetwork().isEmpty())
                .toList(), c.settings()));
        if (!c.reservations().isEmpty()) {
            m.put("reservations", NetworksRenderer.reservations(c.reservations()));
        }
        if (!c.loggers().isEmpty()) {
            m.put("loggers", ServicesRenderer.loggers(c.loggers()));
        }
        userContext(m, c.userContext());
        return m;
    }

    /** {@code user-context} when there is one (Kea keeps a {@code comment} inside it, as here). */
    static void userContext(Map<String, Object> m, Map<String, Object> context) {
        if (!context.isEmpty()) {
            m.put("user-context", new LinkedHashMap<>(context));
        }
    }
}
