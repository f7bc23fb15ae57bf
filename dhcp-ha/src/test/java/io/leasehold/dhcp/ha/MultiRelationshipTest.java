package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000: zaldua1zerb1 is primary of the zaldua1 pair (subnets 1 and 3, with zaldua1zerb2 as standby) and standby
 * of the zaldua2 pair (subnet 2, primary zaldua2zerb1). Three servers with the operator's unchanged configurations.
 */
class MultiRelationshipTest {
    static final String NET1 = "192.168.42.2";
    static final String NET2 = "192.168.4.1";
    static final String R1 = "zaldua1zerb1-zaldua1";
    static final String R2 = "zaldua1zerb1-zaldua2";
    private HaNet net;
    private HaNode hub;
    private HaNode spoke1;
    private HaNode spoke2;

    @BeforeEach
    void start() {
        net = newNet();
        hub = net.start("zaldua1zerb1", HaNode.resource("/seeds/zaldua1zerb1.json"), "192.168.42.4");
        spoke1 = net.start("zaldua1zerb2", HaNode.resource("/seeds/zaldua1zerb2.json"), "192.168.42.5");
        spoke2 = net.start("zaldua2zerb1", HaNode.resource("/seeds/zaldua2zerb1.json"), "192.168.4.5");
        net.advanceUntil(() -> hub.state(R1) == HaState.HOT_STANDBY && hub.state(R2) == HaState.HOT_STANDBY
                && spoke1.state() == HaState.HOT_STANDBY && spoke2.state() == HaState.HOT_STANDBY, 120_000,
                "every relationship in hot-standby");
    }

    /** The network: answers delivered in line (the async subclass uses a thread pool). */
    HaNet newNet() {
        return new HaNet();
    }

    @AfterEach
    void stop() {
        net.close();
    }

    @Test
    void eachSubnetIsServedAndReplicatedWithinItsOwnRelationship() {
        assertEquals(List.of(R1, R2), hub.ha.relationships());
        assertEquals(List.of("zaldua1zerb1-zaldua1"), hub.ha.status(R1).scopes());
        assertEquals(List.of(), hub.ha.status(R2).scopes(), "standby in the second relationship");
        DhcpMessage a = hub.dora(Queries.mac(1), NET1);
        assertNotNull(a, "the hub is primary for subnet 1");
        Lease4 replicated = spoke1.store.get(a.yiaddr()).orElse(null);
        assertNotNull(replicated);
        assertEquals(1, replicated.subnetId());
        assertTrue(net.client("zaldua1zerb1", "zaldua2zerb1-zaldua2").sent("lease4-update").isEmpty(),
                "a subnet-1 lease is not sent to the other relationship");
        assertNull(spoke1.dora(Queries.mac(2), NET1), "the zaldua1 standby does not answer");
        assertNull(hub.dora(Queries.mac(3), NET2), "the hub is standby for subnet 2");
        DhcpMessage b = spoke2.dora(Queries.mac(3), NET2);
        assertNotNull(b);
        assertNotNull(hub.store.get(b.yiaddr()).orElse(null), "the zaldua2 primary replicates to the hub");
        assertEquals(2, hub.store.get(b.yiaddr()).get().subnetId());
    }

    @Test
    void killingTheZaldua2PrimaryMovesItsNetworkToTheHubOnly() {
        spoke2.kill();
        net.advance(11_000);
        assertEquals(HaState.HOT_STANDBY, hub.state(R2));
        assertTrue(hub.ha.status(R2).communicationInterrupted());
        // max-unacked-clients 10 (default), max-ack-delay 10 s (default): 11 clients waiting 12 s.
        for (int i = 0; i < 11; i++) {
            assertNull(hub.query(Queries.discover(Queries.mac(100 + i), NET2, 12)).received());
        }
        net.advanceUntil(() -> hub.state(R2) == HaState.PARTNER_DOWN, 11_000, "partner-down in zaldua2");
        assertEquals(HaState.HOT_STANDBY, hub.state(R1), "the other relationship is untouched");
        assertEquals(List.of("zaldua2zerb1-zaldua2"), hub.ha.status(R2).scopes());
        assertNotNull(hub.dora(Queries.mac(200), NET2), "the hub now serves subnet 2");
        assertNotNull(hub.dora(Queries.mac(201), NET1), "and still subnet 1");
        assertEquals(1, hub.ha.status(R2).unsentUpdateCount());
        assertEquals(0, hub.ha.status(R1).unsentUpdateCount());
    }

    @Test
    void aRelationshipInWaitingDoesNotStopTheOthersSubnets() {
        ControlResult reset = hub.command("ha-reset", Map.of("server-name", "zaldua2zerb1-zaldua2"));
        assertEquals("HA state machine reset.", reset.text());
        assertEquals(HaState.WAITING, hub.state(R2));
        assertTrue(hub.service.isEnabled(), "with several relationships the service is gated per relationship");
        assertNotNull(hub.dora(Queries.mac(5), NET1), "subnet 1 still served");
        net.advanceUntil(() -> hub.state(R2) == HaState.HOT_STANDBY, 60_000, "zaldua2 back");
    }

    @Test
    void peerCommandsPickTheirRelationshipByServerNameAndOriginIdsFollowTheIndex() {
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) hub.command("ha-heartbeat",
                Map.of("server-name", "zaldua2zerb1-zaldua2")).arguments();
        assertEquals(List.of(), hb.get("scopes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) hub.command("ha-heartbeat", null).arguments();
        assertEquals(List.of("zaldua1zerb1-zaldua1"), first.get("scopes"), "no server-name: the first relationship");
        assertEquals(1, hub.command("ha-heartbeat", Map.of("server-name", "nobody")).result());
        // Heartbeats carry the sender's name; the hub's second relationship disables its partner as origin 2001.
        Map<String, Object> sentHb = net.client("zaldua1zerb1", "zaldua2zerb1-zaldua2").sent("ha-heartbeat").get(0);
        assertEquals(Map.of("server-name", R2), sentHb.get("arguments"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hubStatus = (List<Map<String, Object>>) ((Map<String, Object>) hub
                .command("status-get", null).arguments()).get("high-availability");
        assertEquals(2, hubStatus.size());
        hub.command("ha-reset", Map.of("server-name", "zaldua2zerb1-zaldua2"));
        net.advanceUntil(() -> hub.state(R2) == HaState.HOT_STANDBY, 60_000, "zaldua2 back");
        List<Map<String, Object>> disables = net.client("zaldua1zerb1", "zaldua2zerb1-zaldua2").sent("dhcp-disable");
        assertTrue(!disables.isEmpty());
        assertEquals(2001L, ((Map<?, ?>) disables.get(0).get("arguments")).get("origin-id"));
        assertTrue(spoke2.service.disabledBy().isEmpty(), "the notify released origin 2001");
    }
}
