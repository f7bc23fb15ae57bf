package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static io.leasehold.dhcp.engine.Queries.decline;
import static io.leasehold.dhcp.engine.Queries.discover;
import static io.leasehold.dhcp.engine.Queries.initReboot;
import static io.leasehold.dhcp.engine.Queries.mac;
import static io.leasehold.dhcp.engine.Queries.release;
import static io.leasehold.dhcp.engine.Queries.renewing;
import static io.leasehold.dhcp.engine.Queries.selecting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kea's DHCPv4 rules, scenario by scenario (behaviour notes §2). */
class EngineScenarioTest {
    static final String CONFIG = """
            {
              "valid-lifetime": 4000, "min-valid-lifetime": 300, "max-valid-lifetime": 8000,
              "renew-timer": 900, "rebind-timer": 1800,
              "option-data": [
                { "name": "domain-name-servers", "data": "192.0.2.1, 192.0.2.2" },
                { "name": "domain-name", "data": "example.org" },
                { "name": "ntp-servers", "data": "192.0.2.3" }
              ],
              "client-classes": [ { "name": "phones", "test": "substring(option[60].hex,0,6) == 'Aastra'" } ],
              "subnet4": [
                {
                  "id": 1, "subnet": "192.0.2.0/24",
                  "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" },
                             { "pool": "192.0.2.100 - 192.0.2.101", "client-class": "phones" } ],
                  "relay": { "ip-addresses": [ "192.0.2.2" ] },
                  "option-data": [ { "name": "routers", "data": "192.0.2.1" } ],
                  "reservations": [
                    { "hw-address": "02:00:00:00:0f:01", "ip-address": "192.0.2.201", "hostname": "reserved-host" }
                  ]
                },
                {
                  "id": 2, "subnet": "198.51.100.0/24",
                  "pools": [ { "pool": "198.51.100.10 - 198.51.100.12" } ],
                  "relay": { "ip-addresses": [ "192.0.2.99" ] },
                  "authoritative": true
                }
              ]
            }
            """;
    static final String RELAY = "192.0.2.2";

    final EngineFixture f = new EngineFixture(CONFIG);

    private static int ip(String s) {
        return Ipv4.parse(s);
    }

    private static int type(Outcome o) {
        return o.reply().messageType().intValue();
    }

    /** DISCOVER then REQUEST; returns the ACK. */
    private DhcpMessage dora(HardwareAddress hw) {
        Outcome offer = f.relayed(discover(hw, RELAY));
        assertEquals(2, type(offer));
        Outcome ack = f.relayed(selecting(hw, RELAY, offer.reply().yiaddr(), EngineFixture.SERVER));
        assertEquals(5, type(ack));
        return ack.reply();
    }

    @Test
    void doraGivesAPoolAddressWithKeasOptionsAndStoresTheLease() {
        Outcome offer = f.relayed(discover(mac(1), RELAY));
        DhcpMessage o = offer.reply();
        assertEquals(DhcpMessageType.OFFER, o.messageType());
        assertEquals(ip("192.0.2.10"), o.yiaddr(), "iterative allocation starts at the pool's first address");
        assertEquals(4000, o.leaseTime().getAsLong());
        assertEquals(900, o.renewalTime().getAsLong());
        assertEquals(1800, o.rebindingTime().getAsLong());
        assertEquals(ip("255.255.255.0"), o.subnetMask().getAsInt());
        assertArrayEquals(new int[] {ip("192.0.2.1")}, o.routers());
        assertArrayEquals(new int[] {ip("192.0.2.1"), ip("192.0.2.2")}, o.domainNameServers());
        assertEquals("example.org", o.domainName());
        assertFalse(o.hasOption(42), "ntp-servers is neither requested nor always-send");
        assertEquals(EngineFixture.SERVER, o.serverIdentifier().getAsInt());
        assertEquals(ip(RELAY), offer.destination().address(), "relayed replies go to giaddr");
        assertEquals(67, offer.destination().port());
        assertTrue(f.store.get(o.yiaddr()).isEmpty(), "an OFFER writes nothing");

        Outcome ack = f.relayed(selecting(mac(1), RELAY, o.yiaddr(), EngineFixture.SERVER));
        assertEquals(5, type(ack));
        Lease4 l = f.store.get(o.yiaddr()).orElseThrow();
        assertEquals(mac(1), l.hardwareAddress());
        assertEquals(4000, l.validLifetime());
        assertEquals(f.time.currentTimeSeconds(), l.cltt());
        assertEquals(1, l.subnetId());
        assertEquals(java.util.List.of(l), ack.updated(), "the committed lease is reported for HA");
        assertEquals(1, f.stat("subnet[1].assigned-addresses"));
        assertEquals(1, f.stat("cumulative-assigned-addresses"));
        assertEquals(1, f.stat("pkt4-discover-received"));
        assertEquals(1, f.stat("pkt4-request-received"));
    }

    @Test
    void offeredAddressIsHeldForItsClientAndNotOfferedToAnother() {
        int first = f.relayed(discover(mac(1), RELAY)).reply().yiaddr();
        int again = f.relayed(discover(mac(1), RELAY)).reply().yiaddr();
        int other = f.relayed(discover(mac(2), RELAY)).reply().yiaddr();
        assertEquals(first, again, "a repeated DISCOVER gets the same offer");
        assertNotEquals(first, other, "another client is not offered a held address");
        Outcome steal = f.relayed(selecting(mac(2), RELAY, first, EngineFixture.SERVER));
        assertEquals(6, type(steal), "requesting an address offered to someone else is NAKed");
    }

    @Test
    void requestedAddressIsHonouredWhenFreeAndReplacedWhenTaken() {
        DhcpMessage q = Queries.base(DhcpMessageType.DISCOVER, mac(1), 1).giaddr(ip(RELAY))
                .requestedAddress(ip("192.0.2.15")).build();
        assertEquals(ip("192.0.2.15"), f.relayed(q).reply().yiaddr());
        dora(mac(1));
        DhcpMessage q2 = Queries.base(DhcpMessageType.DISCOVER, mac(2), 1).giaddr(ip(RELAY))
                .requestedAddress(ip("192.0.2.15")).build();
        assertNotEquals(ip("192.0.2.15"), f.relayed(q2).reply().yiaddr());
    }

    @Test
    void initRebootFollowsKeasRules() {
        int a = dora(mac(1)).yiaddr();
        assertEquals(5, type(f.relayed(initReboot(mac(1), RELAY, a))), "known client, its address: ACK");
        assertEquals(6, type(f.relayed(initReboot(mac(1), RELAY, ip("192.0.2.19")))), "known client, other: NAK");
        assertEquals(6, type(f.relayed(initReboot(mac(1), RELAY, ip("10.1.1.1")))), "outside the subnet: NAK");
        Outcome unknown = f.relayed(initReboot(mac(9), RELAY, ip("192.0.2.18")));
        assertNull(unknown.reply(), "unknown client, not authoritative: silence");
        assertEquals(DropReason.NO_LEASE_INIT_REBOOT, unknown.dropReason());
        Outcome auth = f.relayed(initReboot(mac(9), "192.0.2.99", ip("198.51.100.11")));
        assertEquals(6, type(auth), "unknown client, authoritative subnet: NAK");
    }

    @Test
    void renewingRenewsTheOwnLeaseAndNaksSomeoneElses() {
        int a = dora(mac(1)).yiaddr();
        f.time.advance(1000_000);
        Outcome renew = f.direct(renewing(mac(1), a), a);
        assertEquals(5, type(renew));
        assertEquals(a, renew.destination().address(), "a RENEWING ACK goes to ciaddr");
        assertEquals(68, renew.destination().port());
        assertEquals(f.time.currentTimeSeconds(), f.store.get(a).orElseThrow().cltt());
        assertEquals(6, type(f.direct(renewing(mac(2), a), a)), "renewing another client's address: NAK");
        assertEquals(1, f.stat("subnet[1].assigned-addresses"), "a renewal is not a new assignment");
        assertEquals(1, f.stat("cumulative-assigned-addresses"));
    }

    @Test
    void foreignServerIdentifierIsDropped() {
        int a = f.relayed(discover(mac(1), RELAY)).reply().yiaddr();
        Outcome o = f.relayed(selecting(mac(1), RELAY, a, ip("203.0.113.9")));
        assertEquals(DropReason.NOT_FOR_US, o.dropReason());
        assertTrue(f.store.get(a).isEmpty());
    }

    @Test
    void outOfPoolAddressInTheSubnetIsDroppedWithoutNak() {
        Outcome o = f.relayed(initReboot(mac(1), RELAY, ip("192.0.2.50")));
        assertNull(o.reply());
        Outcome sel = f.relayed(selecting(mac(3), RELAY, ip("192.0.2.50"), EngineFixture.SERVER));
        assertEquals(DropReason.UNKNOWN_ADDRESS_REQUESTED, sel.dropReason());
    }

    @Test
    void releaseDeletesTheLeaseAndTheAddressReturnsToThePool() {
        int a = dora(mac(1)).yiaddr();
        Outcome r = f.direct(release(mac(2), a), a);
        assertTrue(f.store.get(a).isPresent(), "a RELEASE from another client is ignored");
        r = f.direct(release(mac(1), a), a);
        assertNull(r.reply(), "RELEASE is never answered");
        assertTrue(f.store.get(a).isEmpty());
        assertEquals(1, r.deleted().size());
        assertEquals(0, f.stat("subnet[1].assigned-addresses"));
        DhcpMessage q = Queries.base(DhcpMessageType.DISCOVER, mac(2), 1).giaddr(ip(RELAY)).requestedAddress(a).build();
        assertEquals(a, f.relayed(q).reply().yiaddr(), "the released address can be given again");
    }

    @Test
    void declineHoldsTheAddressForTheProbationPeriod() {
        int a = dora(mac(1)).yiaddr();
        Outcome d = f.relayed(decline(mac(1), RELAY, a));
        assertNull(d.reply());
        Lease4 l = f.store.get(a).orElseThrow();
        assertEquals(LeaseState.DECLINED, l.state());
        assertNull(l.hardwareAddress());
        assertNull(l.clientId());
        assertEquals(86400, l.validLifetime());
        assertEquals(1, f.stat("declined-addresses"));
        assertEquals(1, f.stat("subnet[1].declined-addresses"));
        DhcpMessage q = Queries.base(DhcpMessageType.DISCOVER, mac(2), 1).giaddr(ip(RELAY)).requestedAddress(a).build();
        assertNotEquals(a, f.relayed(q).reply().yiaddr(), "a declined address is not offered");
        f.time.advance(86_400_000L);
        assertEquals(1, f.engine.reclaimExpired(false, 0));
        assertTrue(f.store.get(a).isEmpty(), "a declined lease is removed when probation ends");
        assertEquals(0, f.stat("declined-addresses"));
        assertEquals(1, f.stat("reclaimed-declined-addresses"));
    }

    @Test
    void informGetsOptionsWithoutAnAddress() {
        int client = ip("192.0.2.77");
        DhcpMessage q = Queries.base(DhcpMessageType.INFORM, mac(5), 9).ciaddr(client).build();
        Outcome o = f.direct(q, client);
        assertEquals(5, type(o));
        assertEquals(0, o.reply().yiaddr());
        assertEquals(client, o.reply().ciaddr());
        assertFalse(o.reply().hasOption(51));
        assertArrayEquals(new int[] {ip("192.0.2.1")}, o.reply().routers());
        assertEquals(client, o.destination().address());
        assertTrue(f.store.get(client).isEmpty());
    }

    @Test
    void reservedHostGetsItsAddressAndHostnameAndOthersAreRefusedIt() {
        HardwareAddress reserved = HardwareAddress.parse("02:00:00:00:0f:01");
        DhcpMessage ack = dora(reserved);
        assertEquals(ip("192.0.2.201"), ack.yiaddr(), "out-of-pool reservation");
        assertEquals("reserved-host", ack.hostName());
        assertEquals(6, type(f.relayed(selecting(mac(2), RELAY, ip("192.0.2.201"), EngineFixture.SERVER))));
    }

    @Test
    void lifetimeRequestsAreClampedIntoMinMax() {
        long[][] cases = {{600, 600}, {100, 300}, {99999, 8000}, {0, 4000}};
        int n = 10;
        for (long[] c : cases) {
            DhcpMessage.Builder b = Queries.base(DhcpMessageType.DISCOVER, mac(n++), 1).giaddr(ip(RELAY));
            if (c[0] > 0) {
                b.leaseTime(c[0]);
            }
            assertEquals(c[1], f.relayed(b.build()).reply().leaseTime().getAsLong(), "requested " + c[0]);
        }
    }

    @Test
    void subnetSelectionByRelayAddressLinkSelectionAndOption118() {
        assertEquals(ip("198.51.100.10"), f.relayed(discover(mac(1), "192.0.2.99")).reply().yiaddr(),
                "relay ip-addresses select subnet 2");
        DhcpMessage ls = Queries.withRai(discover(mac(2), RELAY),
                RelayAgentInfo.builder().linkSelection(ip("198.51.100.0")).circuitId(new byte[] {1}).build());
        Outcome o = f.relayed(ls);
        assertTrue(new HashSet<>(Set.of(ip("198.51.100.10"), ip("198.51.100.11"))).contains(o.reply().yiaddr()));
        assertArrayEquals(ls.option(82), o.reply().option(82), "option 82 is echoed to the relay");
        DhcpMessage sel = discover(mac(3), RELAY).toBuilder().subnetSelection(ip("198.51.100.5")).build();
        Outcome o3 = f.relayed(sel);
        assertEquals(24, Integer.bitCount(o3.reply().subnetMask().getAsInt()));
        assertTrue(Integer.compareUnsigned(o3.reply().yiaddr(), ip("198.51.100.10")) >= 0);
        assertTrue(o3.reply().subnetSelection().isPresent(), "option 118 is echoed");
        assertEquals(DropReason.NO_SUBNET, f.relayed(discover(mac(4), "203.0.113.1")).dropReason());
    }

    @Test
    void exhaustionGivesNoOfferAndCountsTheFailure() {
        for (int i = 0; i < 3; i++) {
            dora(mac(100 + i)).yiaddr();
        }
        // subnet 2 has three addresses; use it through its relay
        for (int i = 0; i < 3; i++) {
            Outcome o = f.relayed(discover(mac(200 + i), "192.0.2.99"));
            f.relayed(selecting(mac(200 + i), "192.0.2.99", o.reply().yiaddr(), EngineFixture.SERVER));
        }
        Outcome none = f.relayed(discover(mac(300), "192.0.2.99"));
        assertEquals(DropReason.NO_ADDRESS_AVAILABLE, none.dropReason());
        assertEquals(1, f.stat("v4-allocation-fail"));
        assertEquals(1, f.stat("subnet[2].v4-allocation-fail"));
        assertEquals(3, f.stat("subnet[2].total-addresses"));
    }

    @Test
    void classRestrictedPoolServesOnlyItsClass() {
        DhcpMessage phone = discover(mac(1), RELAY).toBuilder().vendorClass("Aastra6731i").build();
        // Fill the open pool first so that the class pool is the only one left.
        for (int i = 0; i < 11; i++) {
            dora(mac(50 + i));
        }
        assertEquals(DropReason.NO_ADDRESS_AVAILABLE, f.relayed(discover(mac(2), RELAY)).dropReason(),
                "a client outside the class cannot use the class pool");
        int a = f.relayed(phone).reply().yiaddr();
        assertTrue(a == ip("192.0.2.100") || a == ip("192.0.2.101"), Ipv4.toString(a));
    }

    @Test
    void expiredLeasesAreReclaimedAndTheAddressReused() {
        int a = dora(mac(1)).yiaddr();
        f.time.advance(4001_000L);
        assertEquals(1, f.engine.reclaimExpired(false, 0));
        Lease4 l = f.store.get(a).orElseThrow();
        assertEquals(LeaseState.EXPIRED_RECLAIMED, l.state());
        assertEquals(0, f.stat("subnet[1].assigned-addresses"));
        assertEquals(1, f.stat("reclaimed-leases"));
        DhcpMessage q = Queries.base(DhcpMessageType.DISCOVER, mac(2), 1).giaddr(ip(RELAY)).requestedAddress(a).build();
        Outcome o = f.relayed(q);
        assertEquals(a, o.reply().yiaddr(), "a reclaimed address is free again");
        assertEquals(5, type(f.relayed(selecting(mac(2), RELAY, a, EngineFixture.SERVER))));
        assertEquals(mac(2), f.store.get(a).orElseThrow().hardwareAddress());
    }

    @Test
    void movingToANewAddressDeletesTheOldLease() {
        int a = dora(mac(1)).yiaddr();
        DhcpMessage q = Queries.base(DhcpMessageType.REQUEST, mac(1), 3).giaddr(ip(RELAY))
                .requestedAddress(ip("192.0.2.18")).serverIdentifier(EngineFixture.SERVER).build();
        Outcome o = f.relayed(q);
        assertEquals(5, type(o));
        assertTrue(f.store.get(a).isEmpty());
        assertEquals(1, o.deleted().size());
        assertEquals(1, f.stat("subnet[1].assigned-addresses"));
    }

    @Test
    void clientIdentifierIsEchoedAndIdentifiesTheClient() {
        DhcpMessage d = Queries.withClientId(discover(mac(1), RELAY), (byte) 1, (byte) 2, (byte) 3);
        Outcome o = f.relayed(d);
        assertArrayEquals(new byte[] {1, 2, 3}, o.reply().option(61));
        int a = o.reply().yiaddr();
        f.relayed(Queries.withClientId(selecting(mac(1), RELAY, a, EngineFixture.SERVER), (byte) 1, (byte) 2,
                (byte) 3));
        // same client-id, different MAC: same client for Kea
        Outcome again = f.relayed(Queries.withClientId(discover(mac(7), RELAY), (byte) 1, (byte) 2, (byte) 3));
        assertEquals(a, again.reply().yiaddr());
    }

    @Test
    void malformedQueriesAreDroppedWithReasons() {
        DhcpMessage offerAsQuery = Queries.base(DhcpMessageType.OFFER, mac(1), 1).giaddr(ip(RELAY)).build();
        assertEquals(DropReason.UNSUPPORTED_MESSAGE_TYPE, f.relayed(offerAsQuery).dropReason());
        DhcpMessage discoverWithSid = discover(mac(1), RELAY).toBuilder().serverIdentifier(EngineFixture.SERVER)
                .build();
        assertEquals(DropReason.DISCOVER_WITH_SERVER_ID, f.relayed(discoverWithSid).dropReason());
        DhcpMessage declineNoAddr = Queries.base(DhcpMessageType.DECLINE, mac(1), 1).giaddr(ip(RELAY)).build();
        assertEquals(DropReason.DECLINE_WITHOUT_ADDRESS, f.relayed(declineNoAddr).dropReason());
        assertEquals(3, f.stat("pkt4-receive-drop"));
    }
}
