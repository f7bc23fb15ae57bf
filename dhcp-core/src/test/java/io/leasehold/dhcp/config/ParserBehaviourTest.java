package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.dhcp4;
import static io.leasehold.dhcp.config.TestConfigs.hex;
import static io.leasehold.dhcp.config.TestConfigs.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The parts of the model the seeds do not exercise: shared networks, ids, classes, options, flags. */
class ParserBehaviourTest {

    @Test
    void subnetsWithoutIdGetTheNextIdAfterTheHighest() throws ConfigException {
        KeaConfig c = dhcp4("\"subnet4\": [ { \"subnet\": \"10.0.0.0/24\" }, { \"id\": 7, \"subnet\": "
                + "\"10.0.1.0/24\" }, { \"subnet\": \"10.0.2.0/24\", \"id\": 0 } ], \"shared-networks\": [ { "
                + "\"name\": \"n\", \"subnet4\": [ { \"id\": 3, \"subnet\": \"10.0.3.0/24\" }, { \"subnet\": "
                + "\"10.0.4.0/24\" } ] } ]");
        assertEquals(List.of(3L, 7L, 8L, 9L, 10L), c.subnets().stream().map(Subnet4::id).toList(),
                "ascending id order");
        assertEquals("10.0.0.0/24", c.subnet(8).get().prefix().toString());
        assertEquals("10.0.2.0/24", c.subnet(9).get().prefix().toString());
        assertEquals("10.0.4.0/24", c.subnet(10).get().prefix().toString());
    }

    @Test
    void sharedNetworksPassTheirParametersDown() throws ConfigException {
        KeaConfig c = dhcp4("\"valid-lifetime\": 100, \"shared-networks\": [ { \"name\": \"office\", "
                + "\"interface\": \"eth1\", \"relay\": { \"ip-addresses\": [ \"192.0.2.1\" ] }, "
                + "\"client-class\": \"staff\", \"valid-lifetime\": 500, \"authoritative\": true, "
                + "\"option-data\": [ { \"name\": \"domain-name\", \"data\": \"office.example\" } ], "
                + "\"user-context\": { \"ha-server-name\": \"s1\" }, "
                + "\"subnet4\": [ { \"id\": 1, \"subnet\": \"10.1.0.0/24\", \"authoritative\": true }, "
                + "{ \"id\": 2, \"subnet\": \"10.2.0.0/24\", \"relay\": { \"ip-address\": \"192.0.2.9\" }, "
                + "\"valid-lifetime\": 900 } ] } ]");
        SharedNetwork n = c.sharedNetworks().get(0);
        assertEquals("office", n.name());
        assertEquals(Optional.of("s1"), n.haServerName());
        assertEquals(2, n.subnets().size());
        Subnet4 s1 = c.subnet(1).get();
        assertEquals(Optional.of("office"), s1.sharedNetwork());
        assertEquals(Optional.of("eth1"), s1.interfaceName());
        assertEquals(List.of(ip("192.0.2.1")), s1.relayAddresses());
        assertEquals(List.of("staff"), s1.clientClasses());
        assertEquals(Lifetime.of(500), s1.settings().lifetime());
        assertTrue(s1.settings().authoritative());
        assertEquals(List.of(), s1.optionData(), "options stay on their level");
        Subnet4 s2 = c.subnet(2).get();
        assertEquals(List.of(ip("192.0.2.9")), s2.relayAddresses());
        assertEquals(Lifetime.of(900), s2.settings().lifetime());
        assertEquals(Lifetime.of(100), c.settings().lifetime());
    }

    @Test
    void sharedNetworkSubnetsMustAgreeOnAuthoritative() {
        ConfigException e = assertThrows(ConfigException.class, () -> dhcp4("\"shared-networks\": [ { \"name\": "
                + "\"n\", \"subnet4\": [ { \"id\": 1, \"subnet\": \"10.1.0.0/24\", \"authoritative\": true } ] } ]"));
        assertEquals("Dhcp4/shared-networks[0]/subnet4[0]/authoritative", e.path());
        assertEquals("subnet 10.1.0.0/24 has authoritative true but its shared network 'n' has false", e.reason());
    }

    @Test
    void deprecatedReservationModeMapsToTheNewFlags() throws ConfigException {
        KeaConfig c = dhcp4("\"reservation-mode\": \"out-of-pool\", \"subnet4\": [ { \"id\": 1, \"subnet\": "
                + "\"10.0.0.0/24\", \"reservation-mode\": \"global\" } ]");
        assertFalse(c.settings().reservationsGlobal());
        assertTrue(c.settings().reservationsInSubnet());
        assertTrue(c.settings().reservationsOutOfPool());
        NetworkSettings s = c.subnets().get(0).settings();
        assertTrue(s.reservationsGlobal());
        assertFalse(s.reservationsInSubnet());
        assertEquals(2, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("test.conf:1:34: Dhcp4/reservation-mode: reservation-mode is "
                + "deprecated"), c.warnings().get(0));
    }

    @Test
    void everyGlobalKeyArrivesInTheModel() throws ConfigException {
        KeaConfig c = dhcp4("\"match-client-id\": false, \"authoritative\": true, \"decline-probation-period\": 30, "
                + "\"calculate-tee-times\": true, \"t1-percent\": 0.4, \"t2-percent\": 0.8, \"next-server\": "
                + "\"192.0.2.5\", \"boot-file-name\": \"pxelinux.0\", \"server-hostname\": \"tftp\", "
                + "\"echo-client-id\": false, \"host-reservation-identifiers\": [ \"client-id\", \"hw-address\" ], "
                + "\"dhcp4o6-port\": 0, \"server-tag\": \"lab\", \"parked-packet-limit\": 10, \"cache-threshold\": "
                + "0.25, \"cache-max-age\": 600, \"hostname-char-set\": \"[^a-z]\", \"hostname-char-replacement\": "
                + "\"x\", \"ddns-send-updates\": false, \"ddns-qualifying-suffix\": \"example.\", "
                + "\"ddns-replace-client-name\": \"always\", \"ddns-generated-prefix\": \"h\", \"allocator\": "
                + "\"random\", \"store-extended-info\": true, \"statistic-default-sample-count\": 5, "
                + "\"statistic-default-sample-age\": 60, \"sanity-checks\": { \"lease-checks\": \"fix-del\" }, "
                + "\"reservations-global\": true, \"reservations-in-subnet\": false, \"reservations-out-of-pool\": "
                + "true, \"ip-reservations-unique\": false, \"early-global-reservations-lookup\": true, "
                + "\"reservations-lookup-first\": true, \"compatibility\": { \"lenient-option-parsing\": true }, "
                + "\"expired-leases-processing\": { \"reclaim-timer-wait-time\": 5, \"flush-reclaimed-timer-wait-time\""
                + ": 0, \"hold-reclaimed-time\": 60, \"max-reclaim-leases\": 0, \"max-reclaim-time\": 0, "
                + "\"unwarned-reclaim-cycles\": 2 }, \"multi-threading\": { \"enable-multi-threading\": false }, "
                + "\"dhcp-ddns\": { \"enable-updates\": false, \"server-ip\": \"127.0.0.1\" }, "
                + "\"dhcp-queue-control\": { \"enable-queue\": false, \"capacity\": 100 }, "
                + "\"user-context\": { \"site\": \"lab\", \"n\": 3 }, \"comment\": \"test server\"");
        NetworkSettings g = c.settings();
        assertFalse(g.matchClientId());
        assertTrue(g.authoritative());
        assertTrue(g.calculateTeeTimes());
        assertEquals(0.4, g.t1Percent());
        assertEquals(0.8, g.t2Percent());
        assertEquals(ip("192.0.2.5"), g.nextServer());
        assertEquals("pxelinux.0", g.bootFileName());
        assertEquals("tftp", g.serverHostname());
        assertEquals(OptionalDouble.of(0.25), g.cacheThreshold());
        assertEquals(OptionalLong.of(600), g.cacheMaxAge());
        assertEquals("[^a-z]", g.hostnameCharSet());
        assertEquals("x", g.hostnameCharReplacement());
        assertFalse(g.ddns().sendUpdates());
        assertEquals("example.", g.ddns().qualifyingSuffix());
        assertEquals("always", g.ddns().replaceClientName());
        assertEquals("h", g.ddns().generatedPrefix());
        assertEquals(Allocator.RANDOM, g.allocator());
        assertTrue(g.storeExtendedInfo());
        assertTrue(g.reservationsGlobal());
        assertFalse(g.reservationsInSubnet());
        assertTrue(g.reservationsOutOfPool());
        ServerSettings s = c.server();
        assertEquals(30, s.declineProbationPeriod());
        assertFalse(s.echoClientId());
        assertEquals(List.of(HostIdentifierType.CLIENT_ID, HostIdentifierType.HW_ADDRESS),
                s.hostReservationIdentifiers());
        assertEquals("lab", s.serverTag());
        assertEquals(10, s.parkedPacketLimit());
        assertEquals(5, s.statisticDefaultSampleCount());
        assertEquals(60, s.statisticDefaultSampleAge());
        assertEquals(ServerSettings.LeaseChecks.FIX_DEL, s.leaseChecks());
        assertFalse(s.ipReservationsUnique());
        assertTrue(s.earlyGlobalReservationsLookup());
        assertTrue(s.reservationsLookupFirst());
        assertTrue(s.compatibility().lenientOptionParsing());
        assertEquals(100, s.queueControl().capacity());
        assertEquals("127.0.0.1", s.dhcpDdns().serverIp());
        assertEquals(new ExpiredLeasesProcessing(5, 0, 60, 0, 0, 2), c.expiredLeasesProcessing());
        assertFalse(c.multiThreading().enabled());
        assertEquals(Map.of("site", "lab", "n", 3L, "comment", "test server"), c.userContext());
    }

    @Test
    void interfacesAcceptKeasForms() throws ConfigException {
        KeaConfig c = dhcp4("\"interfaces-config\": { \"interfaces\": [ \"eth0\", \"eth1/192.0.2.1\", \"*\" ], "
                + "\"dhcp-socket-type\": \"udp\", \"outbound-interface\": \"use-routing\", \"re-detect\": false, "
                + "\"service-sockets-require-all\": true, \"service-sockets-retry-wait-time\": 100, "
                + "\"service-sockets-max-retries\": 3 }");
        InterfacesConfig i = c.interfaces();
        assertEquals(List.of(new InterfacesConfig.InterfaceSpec("eth0", OptionalInt.empty()),
                new InterfacesConfig.InterfaceSpec("eth1", OptionalInt.of(ip("192.0.2.1"))),
                new InterfacesConfig.InterfaceSpec("*", OptionalInt.empty())), i.interfaces());
        assertTrue(i.allInterfaces());
        assertEquals(InterfacesConfig.SocketType.UDP, i.socketType());
        assertEquals(InterfacesConfig.OutboundInterface.USE_ROUTING, i.outboundInterface());
        assertFalse(i.reDetect());
        assertTrue(i.serviceSocketsRequireAll());
        assertEquals(100, i.serviceSocketsRetryWaitTime());
        assertEquals(3, i.serviceSocketsMaxRetries());
    }

    @Test
    void customOptionDefinitionsAndOtherSpaces() throws ConfigException {
        KeaConfig c = dhcp4("\"option-def\": [ { \"name\": \"tftp-list\", \"code\": 150, \"type\": \"ipv4-address\", "
                + "\"array\": true }, { \"name\": \"acs-url\", \"code\": 1, \"type\": \"string\", \"space\": "
                + "\"vendor-encapsulated-options-space\" }, { \"name\": \"routes\", \"code\": 121, \"type\": "
                + "\"binary\" }, { \"name\": \"pair\", \"code\": 225, \"type\": \"record\", \"record-types\": "
                + "\"uint8, string\" } ], \"option-data\": [ { \"name\": \"tftp-list\", \"data\": \"192.0.2.1, "
                + "192.0.2.2\", \"always-send\": true }, { \"name\": \"acs-url\", \"space\": "
                + "\"vendor-encapsulated-options-space\", \"data\": \"http://acs\" }, { \"name\": "
                + "\"vendor-encapsulated-options\" }, { \"code\": 121, \"data\": \"180a0000c0000201\" }, "
                + "{ \"code\": 224, \"csv-format\": false, \"data\": \"0102\", \"never-send\": true }, "
                + "{ \"name\": \"pair\", \"data\": \"7, a\\\\,b\" }, "
                + "{ \"name\": \"tftp-servers\", \"space\": \"vendor-4491\", \"data\": \"10.0.0.1\" } ]");
        List<OptionData> o = c.optionData();
        assertEquals("c0000201c0000202", hex(o.get(0).payload()));
        assertEquals(150, o.get(0).code());
        assertTrue(o.get(0).alwaysSend());
        assertEquals("687474703a2f2f616373", hex(o.get(1).payload()));
        assertEquals(1, o.get(1).code());
        assertEquals(0, o.get(2).payloadLength());
        assertEquals("routes", o.get(3).name(), "a Kea 2.2 option-def may still define 121");
        assertEquals("180a0000c0000201", hex(o.get(3).payload()));
        assertEquals("", o.get(4).name());
        assertTrue(o.get(4).neverSend());
        assertEquals("0102", hex(o.get(4).payload()));
        assertTrue(o.get(4).payloadView().isReadOnly());
        assertEquals(2, o.get(4).payloadView().remaining());
        assertEquals("07612c62", hex(o.get(5).payload()));
        assertEquals("0a000001", hex(o.get(6).payload()));
        assertEquals(4, c.optionDefinitions().custom().size());
        assertEquals("routes", c.optionDefinitions().find("dhcp4", 121).get().name());
    }

    @Test
    void clientClassesKeepEveryField() throws ConfigException {
        KeaConfig c = dhcp4("\"client-classes\": [ { \"name\": \"voip\", \"test\": \"substring(option[60].hex,0,6) "
                + "== 'Aastra'\", \"next-server\": \"192.0.2.254\", \"server-hostname\": \"hal9000\", "
                + "\"boot-file-name\": \"/dev/null\", \"valid-lifetime\": 600, \"max-valid-lifetime\": 900, "
                + "\"option-data\": [ { \"name\": \"tftp-server-name\", \"data\": \"tftp.example\" } ], "
                + "\"user-context\": { \"owner\": \"it\" } }, { \"name\": \"late\", \"only-if-required\": true }, "
                + "{ \"name\": \"ALL\", \"option-data\": [ { \"name\": \"domain-name\", \"data\": \"x.example\" } ] },"
                + " { \"name\": \"dep\", \"test\": \"member('voip') and not member('KNOWN') or member('HA_s1')\" } ]");
        ClientClass voip = c.clientClass("voip").get();
        assertEquals("substring(option[60].hex,0,6) == 'Aastra'", voip.test());
        assertEquals(ip("192.0.2.254"), voip.nextServer());
        assertEquals("hal9000", voip.serverHostname());
        assertEquals("/dev/null", voip.bootFileName());
        assertEquals(Optional.of(new Lifetime(600, 600, 900)), voip.lifetime());
        assertEquals("tftp-server-name", voip.optionData().get(0).name());
        assertEquals(Map.of("owner", "it"), voip.userContext());
        assertTrue(c.clientClass("late").get().onlyIfRequired());
        assertEquals("", c.clientClass("late").get().test());
        assertEquals(Optional.empty(), c.clientClass("late").get().lifetime());
        assertEquals(4, c.clientClasses().size());
    }

    @Test
    void reservationsKeepEveryFieldAndEveryIdentifierKind() throws ConfigException {
        KeaConfig c = dhcp4("\"reservations\": [ { \"client-id\": \"01:11:22:33\", \"hostname\": \"global\" } ], "
                + "\"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.0/24\", \"reservations\": [ "
                + "{ \"hw-address\": \"1a1b1c1d1e1f\", \"ip-address\": \"192.0.2.201\", \"next-server\": "
                + "\"192.0.2.1\", \"server-hostname\": \"hal\", \"boot-file-name\": \"/boot\", \"client-classes\": "
                + "[ \"voip\" ], \"option-data\": [ { \"name\": \"domain-name-servers\", \"data\": \"10.1.1.202\" } ],"
                + " \"user-context\": { \"rack\": 4 } }, { \"duid\": \"01:02:03:04:05\", \"ip-address\": "
                + "\"192.0.2.203\" }, { \"circuit-id\": \"'circ-77'\", \"ip-address\": \"192.0.2.204\" }, "
                + "{ \"flex-id\": \"'s0mEVaLue'\", \"ip-address\": \"192.0.2.206\" } ] } ]");
        Reservation global = c.reservations().get(0);
        assertEquals("client-id=01:11:22:33", global.identifier().toString());
        assertEquals(OptionalInt.empty(), global.ipAddress());
        List<Reservation> r = c.subnets().get(0).reservations();
        assertEquals("hw-address=1a:1b:1c:1d:1e:1f", r.get(0).identifier().toString());
        assertEquals(ip("192.0.2.1"), r.get(0).nextServer());
        assertEquals("hal", r.get(0).serverHostname());
        assertEquals("/boot", r.get(0).bootFileName());
        assertEquals(List.of("voip"), r.get(0).clientClasses());
        assertEquals("0a0101ca", hex(r.get(0).optionData().get(0).payload()));
        assertEquals(Map.of("rack", 4L), r.get(0).userContext());
        assertEquals(HostIdentifierType.DUID, r.get(1).identifier().type());
        assertTrue(r.get(2).identifier().matches("circ-77".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(HostIdentifierType.FLEX_ID, r.get(3).identifier().type());
    }

    @Test
    void loggersTakeBothSpellingsOfOutputOptions() throws ConfigException {
        KeaConfig c = dhcp4("\"loggers\": [ { \"name\": \"kea-dhcp4\", \"severity\": \"debug\", \"debuglevel\": 55, "
                + "\"output-options\": [ { \"output\": \"/var/log/kea.log\", \"maxsize\": 2048000, \"maxver\": 4, "
                + "\"flush\": false, \"pattern\": \"%m%n\" } ] }, { \"name\": \"kea-dhcp4.leases\", \"severity\": "
                + "\"WARN\", \"output_options\": [ { \"output\": \"stderr\" } ] } ]");
        LoggerConfig l = c.loggers().get(0);
        assertEquals(LogSeverity.DEBUG, l.severity());
        assertEquals(55, l.debugLevel());
        assertEquals(new LoggerOutput("/var/log/kea.log", false, 2048000, 4, "%m%n"), l.outputs().get(0));
        assertTrue(l.outputs().get(0).isFile());
        assertEquals(LoggerOutput.of("stderr"), c.loggers().get(1).outputs().get(0));
    }

    @Test
    void subnetPrefixWithHostBitsIsNormalisedWithAWarning() throws ConfigException {
        KeaConfig c = dhcp4("\"subnet4\": [ { \"id\": 1, \"subnet\": \"192.0.2.5/24\" } ]");
        assertEquals("192.0.2.0/24", c.subnets().get(0).prefix().toString());
        assertEquals(List.of("test.conf:1:48: Dhcp4/subnet4[0]/subnet: '192.0.2.5/24' has host bits set; using "
                + "192.0.2.0/24"), c.warnings());
    }

    @Test
    void haDefaultsAndMultiRelationshipRules() throws ConfigException {
        String peers = "\"peers\": [ { \"name\": \"a\", \"url\": \"http://192.0.2.1:8000/\", \"role\": \"primary\" },"
                + " { \"name\": \"b\", \"url\": \"https://[2001:db8::2]:8443/\", \"role\": \"secondary\", "
                + "\"trust-anchor\": \"/ca\", \"cert-file\": \"/c\", \"key-file\": \"/k\", \"basic-auth-user\": \"u\", "
                + "\"basic-auth-password\": \"p\" } ]";
        KeaConfig c = dhcp4("\"hooks-libraries\": [ { \"library\": \"libdhcp_lease_cmds.so\" }, { \"library\": "
                + "\"/x/libdhcp_ha.so\", \"parameters\": { \"high-availability\": [ { \"this-server-name\": \"a\", "
                + "\"mode\": \"load-balancing\", \"state-machine\": { \"states\": [ { \"state\": \"waiting\", "
                + "\"pause\": \"once\" } ] }, " + peers + " } ] } } ]");
        HaRelationship r = c.highAvailability().get(0);
        assertEquals(10000, r.heartbeatDelay());
        assertEquals(60000, r.maxResponseDelay());
        assertEquals(10000, r.maxAckDelay());
        assertEquals(10, r.maxUnackedClients());
        assertEquals(10, r.maxRejectedLeaseUpdates());
        assertEquals(100, r.delayedUpdatesLimit());
        assertTrue(r.sendLeaseUpdates());
        assertTrue(r.syncLeases());
        assertEquals(60000, r.syncTimeout());
        assertEquals(10000, r.syncPageLimit());
        assertFalse(r.waitBackupAck());
        assertTrue(r.requireClientCerts());
        assertFalse(r.restrictCommands());
        assertEquals(HaMultiThreading.DEFAULTS, r.multiThreading());
        assertEquals(List.of(new HaStatePause("waiting", HaStatePause.Pause.ONCE)), r.stateMachine());
        HaPeer b = r.peer("b").get();
        assertEquals("2001:db8::2", b.host());
        assertEquals(8443, b.port());
        assertEquals(Optional.of("u"), b.basicAuthUser());
        assertTrue(r.tlsFor(b).isPresent());
        assertEquals(Optional.empty(), r.tlsFor(r.peer("a").get()));
        assertEquals(8000, r.peer("a").get().port());
        ConfigException lbHub = assertThrows(ConfigException.class, () -> dhcp4("\"hooks-libraries\": [ { "
                + "\"library\": \"libdhcp_ha.so\", \"parameters\": { \"high-availability\": [ { \"this-server-name\":"
                + " \"a\", \"mode\": \"load-balancing\", " + peers + " }, { \"this-server-name\": \"c\", \"mode\": "
                + "\"hot-standby\", \"peers\": [ { \"name\": \"c\", \"url\": \"http://192.0.2.3/\", \"role\": "
                + "\"primary\" }, { \"name\": \"d\", \"url\": \"http://192.0.2.4/\", \"role\": \"standby\" } ] } ] } } ]"));
        assertEquals("Dhcp4/hooks-libraries[0]/parameters/high-availability[0]/mode", lbHub.path());
    }

    @Test
    void rejectsOptionFlagsKeaAcceptsButLeaseholdDoesNotImplement() {
        ConfigException e = assertThrows(ConfigException.class, () -> dhcp4("\"option-data\": [ { \"name\": "
                + "\"routers\", \"data\": \"192.0.2.1\", \"client-classes\": [ \"a\" ] } ]"));
        assertEquals("Dhcp4/option-data[0]/client-classes", e.path());
        assertTrue(e.reason().startsWith("parameter 'client-classes' is not supported by Leasehold"), e.reason());
        ConfigException fourOverSix = assertThrows(ConfigException.class, () -> dhcp4("\"subnet4\": [ { \"subnet\": "
                + "\"10.0.0.0/8\", \"4o6-subnet\": \"2001:db8::/64\" } ]"));
        assertEquals("Dhcp4/subnet4[0]/4o6-subnet", fourOverSix.path());
    }
}
