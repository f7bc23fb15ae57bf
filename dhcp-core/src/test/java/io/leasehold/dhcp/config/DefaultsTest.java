package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.dhcp4;
import static io.leasehold.dhcp.config.TestConfigs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Kea's defaults for everything a configuration leaves out. */
class DefaultsTest {

    @Test
    void emptyDhcp4GetsKeaDefaults() throws ConfigException {
        KeaConfig c = KeaConfigLoader.parse("{ \"Dhcp4\": { } }", "empty.conf");
        NetworkSettings g = c.settings();
        assertEquals(new Lifetime(7200, 7200, 7200), g.lifetime());
        assertEquals(OptionalLong.empty(), g.renewTimer());
        assertEquals(OptionalLong.empty(), g.rebindTimer());
        assertFalse(g.calculateTeeTimes());
        assertEquals(0.5, g.t1Percent());
        assertEquals(0.875, g.t2Percent());
        assertTrue(g.matchClientId());
        assertFalse(g.authoritative());
        assertEquals(0, g.nextServer());
        assertEquals("", g.serverHostname());
        assertEquals("", g.bootFileName());
        assertFalse(g.reservationsGlobal());
        assertTrue(g.reservationsInSubnet());
        assertFalse(g.reservationsOutOfPool());
        assertEquals(OptionalDouble.empty(), g.cacheThreshold());
        assertEquals(OptionalLong.empty(), g.cacheMaxAge());
        assertEquals(Allocator.ITERATIVE, g.allocator());
        assertFalse(g.storeExtendedInfo());
        assertEquals("[^A-Za-z0-9.-]", g.hostnameCharSet());
        assertEquals("", g.hostnameCharReplacement());
        assertEquals(DdnsSettings.DEFAULTS, g.ddns());
        assertTrue(g.ddns().sendUpdates());
        assertEquals("never", g.ddns().replaceClientName());
        assertEquals("myhost", g.ddns().generatedPrefix());

        ServerSettings s = c.server();
        assertEquals(86400, s.declineProbationPeriod());
        assertTrue(s.echoClientId());
        assertEquals(List.of(HostIdentifierType.HW_ADDRESS, HostIdentifierType.DUID, HostIdentifierType.CIRCUIT_ID,
                HostIdentifierType.CLIENT_ID), s.hostReservationIdentifiers());
        assertEquals(0, s.dhcp4o6Port());
        assertEquals("", s.serverTag());
        assertEquals(256, s.parkedPacketLimit());
        assertEquals(20, s.statisticDefaultSampleCount());
        assertEquals(0, s.statisticDefaultSampleAge());
        assertTrue(s.ipReservationsUnique());
        assertFalse(s.reservationsLookupFirst());
        assertFalse(s.earlyGlobalReservationsLookup());
        assertEquals(ServerSettings.LeaseChecks.WARN, s.leaseChecks());
        assertEquals(ServerSettings.Compatibility.DEFAULTS, s.compatibility());
        assertFalse(s.queueControl().enableQueue());
        assertFalse(s.dhcpDdns().enableUpdates());

        assertEquals(new MultiThreading(true, 0, 64), c.multiThreading());
        assertEquals(new ExpiredLeasesProcessing(10, 25, 3600, 100, 250, 5), c.expiredLeasesProcessing());
        assertEquals(new LeaseDatabase("memfile", true, "/var/lib/kea/kea-leases4.csv", 3600, 0), c.leaseDatabase());
        assertEquals(List.of(), c.interfaces().interfaces());
        assertEquals(InterfacesConfig.SocketType.RAW, c.interfaces().socketType());
        assertEquals(InterfacesConfig.OutboundInterface.SAME_AS_INBOUND, c.interfaces().outboundInterface());
        assertTrue(c.interfaces().reDetect());
        assertEquals(Optional.empty(), c.controlSocket());
        assertEquals(List.of(), c.subnets());
        assertEquals(List.of(), c.hooksLibraries());
        assertEquals(List.of(), c.highAvailability());
        assertEquals(List.of(), c.loggers());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void lifetimeTripletIsCompletedPerLevelAsKeaDoes() throws ConfigException {
        assertEquals(new Lifetime(100, 100, 100), dhcp4("\"valid-lifetime\": 100").settings().lifetime());
        assertEquals(new Lifetime(100, 100, 500),
                dhcp4("\"valid-lifetime\": 100, \"max-valid-lifetime\": 500").settings().lifetime());
        assertEquals(new Lifetime(50, 100, 100),
                dhcp4("\"valid-lifetime\": 100, \"min-valid-lifetime\": 50").settings().lifetime());
        assertEquals(new Lifetime(300, 300, 300), dhcp4("\"min-valid-lifetime\": 300").settings().lifetime());
        assertEquals(new Lifetime(900, 900, 900), dhcp4("\"max-valid-lifetime\": 900").settings().lifetime());
        KeaConfig c = dhcp4("\"valid-lifetime\": 100, \"max-valid-lifetime\": 500, \"subnet4\": [ { \"subnet\": "
                + "\"192.0.2.0/24\", \"max-valid-lifetime\": 900 } ]");
        assertEquals(new Lifetime(900, 900, 900), c.subnets().get(0).settings().lifetime(),
                "a level that sets any of the three does not mix in its parent's");
    }

    @Test
    void lifetimeGrantClampsRequests() {
        Lifetime l = new Lifetime(300, 4000, 8000);
        assertEquals(4000, l.grant(0));
        assertEquals(600, l.grant(600));
        assertEquals(300, l.grant(100));
        assertEquals(8000, l.grant(99999));
    }

    @Test
    void poolDefaultsAndSubnetInheritance() throws ConfigException {
        KeaConfig c = dhcp4("\"authoritative\": true, \"next-server\": \"192.0.2.5\", \"subnet4\": [ { \"subnet\": "
                + "\"192.0.2.0/24\", \"pools\": [ { \"pool\": \"192.0.2.0/26\" } ], \"match-client-id\": false } ]");
        Subnet4 s = c.subnets().get(0);
        assertEquals(1, s.id(), "auto-assigned");
        assertTrue(s.settings().authoritative());
        assertFalse(s.settings().matchClientId());
        assertTrue(c.settings().matchClientId());
        assertEquals(ip("192.0.2.5"), s.settings().nextServer());
        Pool4 p = s.pools().get(0);
        assertEquals("192.0.2.0-192.0.2.63", p.rangeText());
        assertEquals(64, p.size());
        assertEquals(List.of(), p.clientClasses());
        assertEquals(Optional.of(p), s.poolOf(ip("192.0.2.63")));
        assertEquals(Optional.empty(), s.poolOf(ip("192.0.2.64")));
    }
}
