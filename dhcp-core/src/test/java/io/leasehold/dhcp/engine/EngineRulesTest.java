package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.Test;

import static io.leasehold.dhcp.engine.Queries.mac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remaining selection paths, option precedence, classes, reservations by other identifiers, BOOTP. */
class EngineRulesTest {
    private static int ip(String s) {
        return Ipv4.parse(s);
    }

    private static final String CONFIG = """
            {
              "valid-lifetime": 1000,
              "option-data": [ { "name": "domain-name", "data": "global.example" },
                               { "name": "ntp-servers", "data": "10.9.9.9", "always-send": true },
                               { "name": "time-offset", "data": "3600" } ],
              "client-classes": [
                { "name": "lab", "test": "option[60].text == 'lab'",
                  "option-data": [ { "name": "domain-name", "data": "class.example" },
                                   { "name": "time-offset", "data": "7200" } ],
                  "valid-lifetime": 500 },
                { "name": "known-lab", "test": "member('KNOWN') and member('lab')",
                  "option-data": [ { "name": "log-servers", "data": "10.7.7.7", "always-send": true } ] }
              ],
              "shared-networks": [ {
                "name": "floor1",
                "relay": { "ip-addresses": [ "10.1.0.254" ] },
                "subnet4": [
                  { "id": 10, "subnet": "10.1.0.0/24", "pools": [ { "pool": "10.1.0.10 - 10.1.0.11" } ] },
                  { "id": 11, "subnet": "10.1.1.0/24", "pools": [ { "pool": "10.1.1.10 - 10.1.1.20" } ] }
                ] } ],
              "subnet4": [
                { "id": 1, "subnet": "192.0.2.0/24", "interface": "eth1",
                  "calculate-tee-times": true,
                  "pools": [ { "pool": "192.0.2.10 - 192.0.2.20",
                               "option-data": [ { "name": "domain-name", "data": "pool.example" } ] } ],
                  "option-data": [ { "name": "domain-name", "data": "subnet.example" },
                                   { "name": "routers", "data": "192.0.2.1" } ],
                  "reservations": [
                    { "hw-address": "02:00:00:00:0e:01", "ip-address": "192.0.2.15",
                      "option-data": [ { "name": "domain-name", "data": "host.example" } ] },
                    { "circuit-id": "'port-7'", "ip-address": "192.0.2.150" },
                    { "client-id": "01:02:03:04", "ip-address": "192.0.2.151" }
                  ] },
                { "id": 2, "subnet": "198.51.100.0/24", "match-client-id": false,
                  "pools": [ { "pool": "198.51.100.10 - 198.51.100.20" } ] }
              ]
            }
            """;

    final EngineFixture f = new EngineFixture(CONFIG);

    private Outcome broadcastOn(String iface, int ifAddr, DhcpMessage q) {
        return f.engine.process(q, QueryContext.broadcastOn(iface, ifAddr, 300));
    }

    private static DhcpMessage.Builder discover(int n) {
        return Queries.base(DhcpMessageType.DISCOVER, mac(n), n);
    }

    @Test
    void broadcastIsMatchedByInterfaceNameThenByInterfaceAddress() {
        Outcome byName = broadcastOn("eth1", ip("10.50.0.1"), discover(1).build());
        assertEquals(ip("255.255.255.0"), byName.reply().subnetMask().getAsInt());
        assertTrue(new io.leasehold.dhcp.config.Ipv4Prefix(ip("192.0.2.0"), 24).contains(byName.reply().yiaddr()));
        assertTrue(byName.destination().broadcast(), "no giaddr, no ciaddr: broadcast on the interface");
        assertEquals(ip("10.50.0.1"), byName.reply().serverIdentifier().getAsInt(),
                "server identifier: the receiving interface's address");
        Outcome byAddress = broadcastOn("eth9", ip("198.51.100.1"), discover(2).build());
        assertTrue(new io.leasehold.dhcp.config.Ipv4Prefix(ip("198.51.100.0"), 24)
                .contains(byAddress.reply().yiaddr()));
        assertEquals(DropReason.NO_SUBNET, broadcastOn("eth9", ip("203.0.113.1"), discover(3).build()).dropReason());
    }

    @Test
    void giaddrWithoutRelayMatchSelectsTheSubnetContainingIt() {
        Outcome o = f.relayed(discover(1).giaddr(ip("198.51.100.1")).build());
        assertTrue(new io.leasehold.dhcp.config.Ipv4Prefix(ip("198.51.100.0"), 24).contains(o.reply().yiaddr()));
    }

    @Test
    void sharedNetworkMovesTheClientToASiblingWhenTheFirstSubnetIsFull() {
        String relay = "10.1.0.254";
        int[] got = new int[5];
        for (int i = 0; i < 5; i++) {
            Outcome o = f.relayed(discover(100 + i).giaddr(ip(relay)).build());
            got[i] = o.reply().yiaddr();
            f.relayed(Queries.selecting(mac(100 + i), relay, got[i], EngineFixture.SERVER));
        }
        assertEquals(ip("10.1.0.10"), got[0]);
        assertEquals(ip("10.1.0.11"), got[1]);
        assertEquals(ip("10.1.1.10"), got[2], "subnet 10 is full: the sibling serves");
        assertEquals(11, f.store.get(got[2]).orElseThrow().subnetId());
    }

    @Test
    void optionPrecedenceReservationPoolSubnetClassGlobal() {
        DhcpMessage.Builder reserved = Queries.base(DhcpMessageType.DISCOVER,
                io.leasehold.dhcp.lease.HardwareAddress.parse("02:00:00:00:0e:01"), 1);
        assertEquals("host.example", broadcastOn("eth1", ip("10.50.0.1"), reserved.build()).reply().domainName());
        assertEquals("pool.example", broadcastOn("eth1", ip("10.50.0.1"), discover(2).build()).reply().domainName());
        DhcpMessage outOfPool = Queries.withRai(discover(3).giaddr(ip("192.0.2.1")).build(),
                RelayAgentInfo.builder().circuitId("port-7".getBytes()).build());
        assertEquals("subnet.example", f.relayed(outOfPool).reply().domainName(),
                "an out-of-pool reservation without options gets the subnet's");
        DhcpMessage lab = discover(4).vendorClass("lab").parameterRequestList(1, 2, 3, 15).build();
        Outcome o = broadcastOn("eth9", ip("198.51.100.1"), lab);
        assertEquals("class.example", o.reply().domainName(), "subnet 2 sets none: the class's beats the global");
        assertArrayEquals(new byte[] {0, 0, 0x1c, 0x20}, o.reply().option(2), "time-offset from the class");
        assertEquals(500, o.reply().leaseTime().getAsLong(), "the class's valid-lifetime wins");
        Outcome plain = broadcastOn("eth9", ip("198.51.100.1"), discover(5).parameterRequestList(1, 15).build());
        assertEquals("global.example", plain.reply().domainName());
        assertFalse(plain.reply().hasOption(2), "time-offset is neither requested nor always-send");
        assertTrue(plain.reply().hasOption(42), "always-send options are sent unrequested");
    }

    @Test
    void calculatedTeeTimesUseKeasPercentagesAndRounding() {
        Outcome o = broadcastOn("eth1", ip("10.50.0.1"), discover(1).build());
        assertEquals(1000, o.reply().leaseTime().getAsLong());
        assertEquals(500, o.reply().renewalTime().getAsLong());
        assertEquals(875, o.reply().rebindingTime().getAsLong());
        Outcome plain = broadcastOn("eth9", ip("198.51.100.1"), discover(2).build());
        assertTrue(plain.reply().renewalTime().isEmpty(), "no timers and no calculate-tee-times: T1/T2 omitted");
    }

    @Test
    void reservationsByCircuitIdAndClientId() {
        DhcpMessage byCircuit = Queries.withRai(discover(1).giaddr(ip("192.0.2.1")).build(),
                RelayAgentInfo.builder().circuitId("port-7".getBytes()).build());
        assertEquals(ip("192.0.2.150"), f.relayed(byCircuit).reply().yiaddr());
        DhcpMessage byClientId = Queries.withClientId(discover(2).giaddr(ip("192.0.2.1")).build(), (byte) 1,
                (byte) 2, (byte) 3, (byte) 4);
        assertEquals(ip("192.0.2.151"), f.relayed(byClientId).reply().yiaddr());
    }

    @Test
    void knownAndUnknownClassesFollowReservations() {
        DhcpMessage reservedLab = Queries.base(DhcpMessageType.DISCOVER,
                io.leasehold.dhcp.lease.HardwareAddress.parse("02:00:00:00:0e:01"), 1).vendorClass("lab").build();
        Outcome o = broadcastOn("eth1", ip("10.50.0.1"), reservedLab);
        assertEquals(ip("192.0.2.15"), o.reply().yiaddr());
        assertTrue(o.reply().hasOption(7), "a reserved 'lab' client is KNOWN, so it is in 'known-lab'");
        Outcome unknown = broadcastOn("eth1", ip("10.50.0.1"), discover(7).vendorClass("lab").build());
        assertFalse(unknown.reply().hasOption(7), "an unreserved 'lab' client is UNKNOWN");
    }

    @Test
    void matchClientIdFalseIdentifiesByMacOnly() {
        DhcpMessage first = Queries.withClientId(discover(1).build(), (byte) 1, (byte) 9);
        Outcome o = broadcastOn("eth9", ip("198.51.100.1"), first);
        int a = o.reply().yiaddr();
        f.engine.process(Queries.withClientId(Queries.base(DhcpMessageType.REQUEST, mac(1), 2).requestedAddress(a)
                .serverIdentifier(ip("198.51.100.1")).build(), (byte) 1, (byte) 9),
                QueryContext.broadcastOn("eth9", ip("198.51.100.1"), 300));
        DhcpMessage otherCid = Queries.withClientId(discover(1).build(), (byte) 1, (byte) 8);
        assertEquals(a, broadcastOn("eth9", ip("198.51.100.1"), otherCid).reply().yiaddr(),
                "same MAC, different client-id: the same client when match-client-id is false");
    }

    @Test
    void bootpGetsAnInfiniteLeaseWithoutDhcpMessageType() {
        DhcpMessage bootp = DhcpMessage.builder().xid(77).hardwareAddress(mac(9)).giaddr(ip("198.51.100.1")).build();
        assertTrue(bootp.isBootp());
        Outcome o = f.relayed(bootp);
        assertNull(o.reply().messageType(), "a BOOTREPLY carries no option 53");
        Lease4 l = f.store.get(o.reply().yiaddr()).orElseThrow();
        assertEquals(Lease4.INFINITE_LIFETIME, l.validLifetime());
        assertFalse(l.isExpired(Long.MAX_VALUE / 2));
    }

    @Test
    void ciaddrSelectsTheSubnetOfAUnicastQuery() {
        int client = ip("198.51.100.77");
        DhcpMessage inform = Queries.base(DhcpMessageType.INFORM, mac(1), 5).ciaddr(client).build();
        Outcome o = f.direct(inform, client);
        assertEquals(ip("255.255.255.0"), o.reply().subnetMask().getAsInt());
        assertEquals("global.example", o.reply().domainName());
    }
}
