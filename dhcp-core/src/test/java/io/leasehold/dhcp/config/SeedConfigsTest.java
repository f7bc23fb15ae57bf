package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.hex;
import static io.leasehold.dhcp.config.TestConfigs.ip;
import static io.leasehold.dhcp.config.TestConfigs.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every seed configuration loads, and every key in it arrives in the model with its value. */
class SeedConfigsTest {
    private static final List<String> SEEDS = List.of(TestConfigs.SEEDS);

    @ParameterizedTest
    @FieldSource("SEEDS")
    void everySeedLoadsWithoutWarnings(String name) throws ConfigException {
        KeaConfig config = seed(name);
        assertEquals(name, config.sourceName());
        assertEquals(List.of(), config.warnings());
        assertTrue(config.hook(HookLibrary.Kind.LEASE_CMDS).isPresent());
        assertFalse(config.highAvailability().isEmpty());
    }

    @Test
    void hotStandbyMserverSserver() throws ConfigException {
        KeaConfig c = seed("hot-standby-mserver-sserver.json");
        assertEquals(List.of("eth0"), interfaceNames(c));
        assertEquals(new ControlSocket("unix", "/run/kea/kea4-ctrl-socket", Map.of()), c.controlSocket().get());
        assertEquals(new LeaseDatabase("memfile", true, "/var/lib/kea/kea-leases4.csv", 3600, 0), c.leaseDatabase());
        assertEquals(new Lifetime(3600, 3600, 7200), c.settings().lifetime());
        assertOption(c.optionData().get(0), "domain-name-servers", 6, "192.168.0.4", "c0a80004");
        assertEquals(2, c.hooksLibraries().size());
        assertEquals("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so", c.hooksLibraries().get(0).library());
        assertEquals(HookLibrary.Kind.LEASE_CMDS, c.hooksLibraries().get(0).kind());
        assertEquals("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ha.so", c.hooksLibraries().get(1).library());
        HaRelationship r = single(c.highAvailability());
        assertEquals("mserver", r.thisServerName());
        assertEquals(HaMode.HOT_STANDBY, r.mode());
        assertEquals(0, r.maxUnackedClients());
        assertEquals(500, r.heartbeatDelay());
        assertEquals(10000, r.maxResponseDelay());
        assertEquals(10000, r.maxAckDelay(), "default");
        assertEquals(0, r.delayedUpdatesLimit(), "default outside load-balancing");
        assertPeer(r.peers().get(0), "mserver", "http://192.168.0.4:8000/", HaRole.PRIMARY, true);
        assertPeer(r.peers().get(1), "sserver", "http://192.168.8.4:8000/", HaRole.STANDBY, true);
        assertEquals("sserver", r.partner().get().name());
        Subnet4 s = single(c.subnets());
        assertEquals(1, s.id());
        assertEquals("192.168.0.0/21", s.prefix().toString());
        assertEquals(List.of(Pool4.of(ip("192.168.1.0"), ip("192.168.1.254"))), s.pools());
        assertOption(single(s.optionData()), "routers", 3, "192.168.0.1", "c0a80001");
        assertEquals(new Lifetime(3600, 3600, 7200), s.settings().lifetime(), "inherited from global");
    }

    @Test
    void keaHaLoadBalancingMtTls() throws ConfigException {
        KeaConfig c = seed("kea-ha-load-balancing-mt-tls.json");
        assertEquals(List.of("eth0"), interfaceNames(c));
        assertEquals("/tmp/kea4-ctrl-socket", c.controlSocket().get().socketName());
        assertEquals(new MultiThreading(true, 4, 64), c.multiThreading());
        assertEquals(LeaseDatabase.DEFAULTS, c.leaseDatabase());
        assertEquals(List.of("phones", "laptops", "phones_server1", "phones_server2", "laptops_server1",
                "laptops_server2"), c.clientClasses().stream().map(ClientClass::name).toList());
        assertEquals("substring(option[60].hex,0,6) == 'Aastra'", c.clientClasses().get(0).test());
        assertEquals("not member('phones')", c.clientClasses().get(1).test());
        assertEquals("member('phones') and member('HA_server1')", c.clientClasses().get(2).test());
        assertEquals("member('laptops') and member('HA_server2')", c.clientClasses().get(5).test());
        assertEquals("/opt/lib/kea/hooks/libdhcp_lease_cmds.so", c.hooksLibraries().get(0).library());
        assertEquals("/opt/lib/kea/hooks/libdhcp_ha.so", c.hooksLibraries().get(1).library());
        HaRelationship r = single(c.highAvailability());
        assertEquals("server1", r.thisServerName());
        assertEquals(HaMode.LOAD_BALANCING, r.mode());
        assertEquals(10000, r.heartbeatDelay());
        assertEquals(60000, r.maxResponseDelay());
        assertEquals(5000, r.maxAckDelay());
        assertEquals(5, r.maxUnackedClients());
        assertEquals(60000, r.syncTimeout());
        assertEquals(100, r.delayedUpdatesLimit(), "load-balancing default");
        assertEquals(new HaMultiThreading(true, true, 0, 0), r.multiThreading());
        HaPeer server1 = r.peers().get(0);
        assertPeer(server1, "server1", "http://192.168.56.33:8000/", HaRole.PRIMARY, true);
        assertEquals(new HaTls("/usr/lib/kea/CA.pem", "/usr/lib/kea/server1_cert.pem", "/usr/lib/kea/server1_key.pem"),
                server1.tls());
        assertEquals(Optional.of(true), server1.requireClientCerts());
        HaPeer server2 = r.peers().get(1);
        assertPeer(server2, "server2", "http://192.168.56.66:8000/", HaRole.SECONDARY, true);
        assertEquals("/usr/lib/kea/server2_cert.pem", r.tlsFor(server2).get().certFile());
        assertTrue(r.requireClientCertsFor(server2));
        Subnet4 s = single(c.subnets());
        assertEquals(1, s.id());
        assertEquals("192.0.3.0/24", s.prefix().toString());
        assertEquals(List.of("192.0.3.100-192.0.3.125", "192.0.3.126-192.0.3.150", "192.0.3.200-192.0.3.225",
                "192.0.3.226-192.0.3.250"), s.pools().stream().map(Pool4::rangeText).toList());
        assertEquals(List.of(List.of("phones_server1"), List.of("laptops_server1"), List.of("phones_server2"),
                List.of("laptops_server2")), s.pools().stream().map(Pool4::clientClasses).toList());
        assertOption(single(s.optionData()), "routers", 3, "192.0.3.1", "c0000301");
        assertEquals(List.of(ip("192.168.56.1")), s.relayAddresses());
        assertEquals(2, c.loggers().size());
        assertEquals(new LoggerConfig("kea-dhcp4", LogSeverity.INFO, 0, List.of(LoggerOutput.of("stdout")), Map.of()),
                c.loggers().get(0));
        assertEquals(new LoggerConfig("kea-dhcp4.ha-hooks", LogSeverity.INFO, 99, List.of(LoggerOutput.of("stdout")),
                Map.of()), c.loggers().get(1));
    }

    @Test
    void micetroLoadBalancingWithBackup() throws ConfigException {
        KeaConfig c = seed("micetro-load-balancing-with-backup.json");
        assertEquals(List.of("eth0"), interfaceNames(c));
        assertEquals("/run/kea/kea4-ctrl-socket", c.controlSocket().get().socketName());
        assertEquals(new LeaseDatabase("memfile", true, "/var/lib/kea/kea-leases4.csv", 3600, 0), c.leaseDatabase());
        assertEquals(Lifetime.of(3600), c.settings().lifetime());
        assertEquals("/usr/lib/kea/hooks/libdhcp_lease_cmds.so", c.hooksLibraries().get(0).library());
        HaRelationship r = single(c.highAvailability());
        assertEquals("server1", r.thisServerName());
        assertEquals(HaMode.LOAD_BALANCING, r.mode());
        assertEquals(1000, r.heartbeatDelay());
        assertEquals(10000, r.maxResponseDelay());
        assertEquals(5000, r.maxAckDelay());
        assertEquals(0, r.maxUnackedClients());
        assertPeer(r.peers().get(0), "server1", "http://192.168.56.33:8000/", HaRole.PRIMARY, true);
        assertPeer(r.peers().get(1), "server2", "http://192.168.56.66:8000/", HaRole.SECONDARY, true);
        assertPeer(r.peers().get(2), "server3", "http://192.168.56.99:8000/", HaRole.BACKUP, false);
        assertEquals(List.of(r.peers().get(2)), r.backups());
        assertEquals("server2", r.partner().get().name());
        Subnet4 s = single(c.subnets());
        assertEquals("192.168.56.0/24", s.prefix().toString());
        assertEquals(List.of(Pool4.of(ip("192.168.56.100"), ip("192.168.56.200"))), s.pools());
        assertEquals(101, s.poolCapacity());
        assertOption(single(s.optionData()), "routers", 3, "192.168.56.1", "c0a83801");
    }

    @Test
    void zaldua1zerb1() throws ConfigException {
        KeaConfig c = seed("zaldua1zerb1.json");
        assertEquals(List.of("enp0s17", "enp0s18", "enp0s19"), interfaceNames(c));
        assertZalduaGlobals(c);
        List<HaRelationship> ha = c.highAvailability();
        assertEquals(2, ha.size());
        assertEquals("zaldua1zerb1-zaldua1", ha.get(0).thisServerName());
        assertEquals(HaMode.HOT_STANDBY, ha.get(0).mode());
        assertEquals(10000, ha.get(0).heartbeatDelay());
        assertEquals(10000, ha.get(0).maxResponseDelay());
        assertPeer(ha.get(0).peers().get(0), "zaldua1zerb1-zaldua1", "http://192.168.42.4:8001/", HaRole.PRIMARY, true);
        assertPeer(ha.get(0).peers().get(1), "zaldua1zerb2-zaldua1", "http://192.168.42.5:8001/", HaRole.STANDBY, true);
        assertEquals("zaldua1zerb1-zaldua2", ha.get(1).thisServerName());
        assertEquals(HaRole.STANDBY, ha.get(1).thisServer().role());
        assertPeer(ha.get(1).peers().get(0), "zaldua2zerb1-zaldua2", "http://192.168.4.5:8002/", HaRole.PRIMARY, true);
        assertPeer(ha.get(1).peers().get(1), "zaldua1zerb1-zaldua2", "http://192.168.4.4:8002/", HaRole.STANDBY, true);
        assertEquals(3, c.subnets().size());
        assertZalduaSubnet1(c.subnet(1).get(), "zaldua1zerb1-zaldua1");
        Subnet4 s2 = c.subnet(2).get();
        assertEquals("192.168.4.0/22", s2.prefix().toString());
        assertEquals(Optional.of("zaldua1zerb1-zaldua2"), s2.haServerName());
        assertEquals(List.of(Pool4.of(ip("192.168.4.100"), ip("192.168.4.200"))), s2.pools());
        assertZalduaOptions(s2, "192.168.4.1", "192.168.7.255", "zalduabi.eus", "192.168.4.5, 192.168.4.4");
        assertReservation(single(s2.reservations()), "00:01:02:03:03:02", "192.168.4.10", "zaldua2bez1");
        Subnet4 s3 = c.subnet(3).get();
        assertEquals("192.168.1.128/25", s3.prefix().toString());
        assertEquals(Optional.of("zaldua1zerb1-zaldua1"), s3.haServerName());
        assertEquals(List.of(Pool4.of(ip("192.168.1.160"), ip("192.168.1.200"))), s3.pools());
        assertZalduaOptions(s3, "192.168.1.129", "192.168.1.255", "zalduahiru.eus", "192.168.1.132, 192.168.1.133");
        assertReservation(single(s3.reservations()), "00:01:02:03:04:02", "192.168.1.140", "zaldua3bez1");
    }

    @Test
    void zaldua1zerb2() throws ConfigException {
        KeaConfig c = seed("zaldua1zerb2.json");
        assertEquals(List.of("enp0s17"), interfaceNames(c));
        assertZalduaGlobals(c);
        HaRelationship r = single(c.highAvailability());
        assertEquals("zaldua1zerb2-zaldua1", r.thisServerName());
        assertEquals(HaRole.STANDBY, r.thisServer().role());
        assertEquals("zaldua1zerb1-zaldua1", r.partner().get().name());
        assertEquals(List.of(1L, 3L), c.subnets().stream().map(Subnet4::id).toList());
        assertZalduaSubnet1(c.subnet(1).get(), "zaldua1zerb2-zaldua1");
        Subnet4 s3 = c.subnet(3).get();
        assertEquals("192.168.1.128/25", s3.prefix().toString());
        assertEquals(Optional.of("zaldua1zerb2-zaldua1"), s3.haServerName());
        assertEquals(List.of(), s3.pools());
        assertEquals(List.of(), s3.optionData());
        assertEquals(List.of(), s3.reservations());
    }

    @Test
    void zaldua2zerb1() throws ConfigException {
        KeaConfig c = seed("zaldua2zerb1.json");
        assertEquals(List.of("enp0s17"), interfaceNames(c));
        assertZalduaGlobals(c);
        HaRelationship r = single(c.highAvailability());
        assertEquals("zaldua2zerb1-zaldua2", r.thisServerName());
        assertEquals(HaRole.PRIMARY, r.thisServer().role());
        assertPeer(r.peers().get(1), "zaldua1zerb1-zaldua2", "http://192.168.4.4:8002/", HaRole.STANDBY, true);
        Subnet4 s = single(c.subnets());
        assertEquals(2, s.id());
        assertEquals("192.168.4.0/22", s.prefix().toString());
        assertEquals(Optional.of("zaldua2zerb1-zaldua2"), s.haServerName());
        assertZalduaOptions(s, "192.168.4.1", "192.168.7.255", "zalduabi.eus", "192.168.4.5, 192.168.4.4");
        assertReservation(single(s.reservations()), "00:01:02:03:03:02", "192.168.4.10", "zaldua2bez1");
    }

    private static void assertZalduaGlobals(KeaConfig c) {
        assertEquals("/run/kea/kea4-ctrl-socket", c.controlSocket().get().socketName());
        assertEquals(new LeaseDatabase("memfile", true, "/var/lib/kea/kea-leases4.csv", 3600, 0), c.leaseDatabase());
        NetworkSettings g = c.settings();
        assertTrue(g.authoritative());
        assertEquals(OptionalLong.of(30), g.renewTimer());
        assertEquals(OptionalLong.of(45), g.rebindTimer());
        assertEquals(new Lifetime(60, 60, 720), g.lifetime());
        assertEquals("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so", c.hooksLibraries().get(0).library());
        assertEquals("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ha.so", c.hooksLibraries().get(1).library());
        for (Subnet4 s : c.subnets()) {
            assertEquals(g, s.settings(), "subnets inherit every global parameter");
        }
    }

    private static void assertZalduaSubnet1(Subnet4 s, String haServerName) {
        assertEquals("192.168.42.0/23", s.prefix().toString());
        assertEquals(Optional.of(haServerName), s.haServerName());
        assertEquals(List.of(Pool4.of(ip("192.168.42.100"), ip("192.168.42.200"))), s.pools());
        assertZalduaOptions(s, "192.168.42.2", "192.168.43.255", "zalduabat.eus", "192.168.42.4, 192.168.42.5");
        assertReservation(single(s.reservations()), "00:01:02:03:02:02", "192.168.42.10", "zaldua1bez1");
    }

    private static void assertZalduaOptions(Subnet4 s, String router, String broadcast, String domain, String dns) {
        List<OptionData> o = s.optionData();
        assertEquals(4, o.size());
        assertOption(o.get(0), "routers", 3, router, hex(ipBytes(router)));
        assertOption(o.get(1), "broadcast-address", 28, broadcast, hex(ipBytes(broadcast)));
        assertOption(o.get(2), "domain-name", 15, domain, hex(domain.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String[] servers = dns.split(", ");
        assertOption(o.get(3), "domain-name-servers", 6, dns, hex(ipBytes(servers[0])) + hex(ipBytes(servers[1])));
    }

    private static void assertReservation(Reservation r, String mac, String address, String hostname) {
        assertEquals(HostIdentifierType.HW_ADDRESS, r.identifier().type());
        assertEquals(mac, r.identifier().hex());
        assertEquals(OptionalInt.of(ip(address)), r.ipAddress());
        assertEquals(hostname, r.hostname());
    }

    private static void assertOption(OptionData o, String name, int code, String data, String payloadHex) {
        assertEquals(name, o.name());
        assertEquals(code, o.code());
        assertEquals("dhcp4", o.space());
        assertEquals(data, o.data());
        assertTrue(o.csvFormat());
        assertFalse(o.alwaysSend());
        assertFalse(o.neverSend());
        assertEquals(payloadHex, hex(o.payload()));
    }

    private static void assertPeer(HaPeer p, String name, String url, HaRole role, boolean autoFailover) {
        assertEquals(name, p.name());
        assertEquals(URI.create(url), p.url());
        assertEquals(role, p.role());
        assertEquals(autoFailover, p.autoFailover());
    }

    private static byte[] ipBytes(String address) {
        int a = ip(address);
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    private static List<String> interfaceNames(KeaConfig c) {
        return c.interfaces().interfaces().stream().map(InterfacesConfig.InterfaceSpec::toString).toList();
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), "expected exactly one element: " + list);
        return list.get(0);
    }
}
