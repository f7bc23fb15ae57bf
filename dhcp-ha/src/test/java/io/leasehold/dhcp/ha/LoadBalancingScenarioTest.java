package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The captured load-balancing pair (pools restricted to {@code HA_server1} / {@code HA_server2}): the scope split of
 * Kea's 66 hash vectors, communication-recovery with backlog replay and overflow, partner-down by traffic analysis.
 */
class LoadBalancingScenarioTest {
    static final String GIADDR = "10.20.0.1";
    private HaNet net;
    private HaNode s1;
    private HaNode s2;

    static String config(String server, String extra) {
        String c = HaNode.resource("/kea-captures/kea-dhcp4-" + server + "-load-balancing.json");
        return extra == null ? c : c.replace("\"delayed-updates-limit\": 100", extra);
    }

    @BeforeEach
    void start() {
        startPair(null);
    }

    private void startPair(String extra) {
        net = newNet();
        s1 = net.start("server1", config("server1", extra), "10.20.0.1");
        s2 = net.start("server2", config("server2", extra), "10.20.0.2");
    }

    /** The network: answers delivered in line (the async subclass uses a thread pool). */
    HaNet newNet() {
        return new HaNet();
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private void bothLoadBalancing() {
        net.advanceUntil(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING,
                30_000, "both load-balancing");
    }

    record Vector(byte[] key, boolean clientId, String scope) {
        DhcpMessage discover(int secs) {
            DhcpMessage.Builder b = DhcpMessage.builder().xid(7).messageType(DhcpMessageType.DISCOVER)
                    .giaddr(Ipv4.parse(GIADDR)).hops(1).secs(secs);
            if (clientId) {
                b.hardwareAddress(HardwareAddress.parse("02:ff:00:00:00:01")).clientId(ClientId.of(key));
            } else {
                b.hardwareAddress(HardwareAddress.ethernet(key));
            }
            return b.build();
        }

        DhcpMessage request(int address, int serverId) {
            return discover(0).toBuilder().xid(8).messageType(DhcpMessageType.REQUEST).requestedAddress(address)
                    .serverIdentifier(serverId).build();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Vector> vectors() {
        Map<String, Object> doc = InMemoryPeerClient.parse(HaNode.resource("/kea-captures/lb-hash-test-vectors.json"));
        List<Vector> out = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) doc.get("vectors")) {
            out.add(new Vector(HexFormat.of().parseHex((String) v.get("key_hex")),
                    ((String) v.get("key_source")).startsWith("client-id"), (String) v.get("expected_scope")));
        }
        return out;
    }

    @Test
    void the66CapturedClientsAreClassifiedAndServedByTheServerKeaChose() {
        bothLoadBalancing();
        List<Vector> vs = vectors();
        assertEquals(66, vs.size());
        Set<Integer> seen = new HashSet<>();
        for (Vector v : vs) {
            Set<String> classes = new HashSet<>();
            s1.ha.hook().classify(v.discover(0), classes);
            assertEquals(Set.of("HA_" + v.scope()), classes);
            HaNode owner = v.scope().equals("server1") ? s1 : s2;
            HaNode other = owner == s1 ? s2 : s1;
            assertNull(other.query(v.discover(0)).received(), "the other server stays silent");
            DhcpMessage offer = owner.query(v.discover(0)).received();
            assertNotNull(offer);
            if (!seen.add(offer.yiaddr())) {
                continue; // two vectors of one client (client-id and chaddr forms) share a lease
            }
            String pool = v.scope().equals("server1") ? "10.20.1." : "10.20.2.";
            assertTrue(Ipv4.toString(offer.yiaddr()).startsWith(pool), "pool of " + v.scope() + " via the HA class");
            DhcpMessage ack = owner.query(v.request(offer.yiaddr(), offer.serverIdentifier().getAsInt())).received();
            assertNotNull(ack);
            assertNotNull(other.store.get(ack.yiaddr()).orElse(null), "replicated to the other server");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) s2.command("ha-heartbeat", null).arguments();
        assertEquals(Captures.answer("31-lb-ha-heartbeat-load-balancing").get("text"),
                s2.command("ha-heartbeat", null).text());
        assertEquals("load-balancing", hb.get("state"));
        assertEquals(List.of("server2"), hb.get("scopes"));
    }

    @Test
    void aPartitionGoesCommunicationRecoveryAndTheBacklogIsReplayedWhenItHeals() {
        bothLoadBalancing();
        net.cut("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.COMMUNICATION_RECOVERY
                && s2.state() == HaState.COMMUNICATION_RECOVERY, 2_500, "communication-recovery at the first failure");
        List<Vector> vs = vectors();
        List<Integer> granted = new ArrayList<>();
        for (Vector v : vs.subList(0, 10)) {
            HaNode owner = v.scope().equals("server1") ? s1 : s2;
            DhcpMessage offer = owner.query(v.discover(0)).received();
            DhcpMessage ack = owner.query(v.request(offer.yiaddr(), offer.serverIdentifier().getAsInt())).received();
            assertNotNull(ack, "in communication-recovery replies do not wait for the partner");
            granted.add(ack.yiaddr());
        }
        assertTrue(s1.ha.status().unsentUpdateCount() == 0, "queued updates are not 'unsent'");
        net.heal("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING, 5_000,
                "load-balancing after the replay");
        for (int a : granted) {
            assertNotNull(s1.store.get(a).orElse(null), Ipv4.toString(a) + " on server1");
            assertNotNull(s2.store.get(a).orElse(null), Ipv4.toString(a) + " on server2");
        }
        assertTrue(s1.when("server1", "communication-recovery", "load-balancing") > 0);
        assertEquals(-1, s1.when("server1", "communication-recovery", "waiting"), "no resync needed");
    }

    @Test
    void anOverflowingBacklogResetsThePartnerAndBothResynchronise() {
        net.close();
        startPair("\"delayed-updates-limit\": 2");
        bothLoadBalancing();
        net.cut("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.COMMUNICATION_RECOVERY, 2_500, "communication-recovery");
        List<Integer> granted = new ArrayList<>();
        for (Vector v : vectors()) {
            if (v.scope().equals("server1") && granted.size() < 4) {
                DhcpMessage offer = s1.query(v.discover(0)).received();
                if (offer == null) {
                    continue;
                }
                DhcpMessage ack = s1.query(v.request(offer.yiaddr(), offer.serverIdentifier().getAsInt())).received();
                assertNotNull(ack);
                granted.add(ack.yiaddr());
            }
        }
        net.heal("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING, 30_000,
                "load-balancing after the resynchronisation");
        assertFalse(net.client("server1", "server2").sent("ha-reset").isEmpty(),
                "server1 told server2 to resynchronise");
        assertTrue(s2.when("server2", "communication-recovery", "waiting") > 0
                        || s2.when("server2", "load-balancing", "waiting") > 0, s2.transitions.toString());
        for (int a : granted) {
            assertNotNull(s2.store.get(a).orElse(null), Ipv4.toString(a) + " reached server2 through the sync");
        }
    }

    /**
     * The link comes back and the partner, seeing us first, sends ha-reset while our own heartbeats have not yet
     * succeeded. The partner has just reached us, so waiting must not declare it down (Kea 2.2 would: partner
     * unavailable with the service disabled), which would end in load-balancing without fetching its leases.
     */
    @Test
    void anHaResetArrivingBeforeOurOwnHeartbeatSucceedsDoesNotLeadToPartnerDown() {
        bothLoadBalancing();
        net.cut("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.COMMUNICATION_RECOVERY
                && s2.state() == HaState.COMMUNICATION_RECOVERY, 2_500, "communication-recovery");
        net.advance(5_000);
        net.heal("server1", "server2");
        assertEquals("HA state machine reset.", s1.command("ha-reset", null).text());
        net.advanceUntil(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING, 30_000,
                "load-balancing after the reset");
        assertTrue(s1.when("server1", "waiting", "syncing") > 0, s1.transitions.toString());
        assertEquals(-1, s1.when("server1", "waiting", "partner-down"), s1.transitions.toString());
    }

    @Test
    void unansweredClientsOfThePartnersScopeLeadToPartnerDownServingBothScopes() {
        bothLoadBalancing();
        s2.kill();
        net.advance(7_000);
        assertEquals(HaState.COMMUNICATION_RECOVERY, s1.state());
        int unacked = 0;
        for (Vector v : vectors()) {
            if (unacked == 3) {
                break;
            }
            if (v.scope().equals("server2") && !v.clientId()) {
                assertNull(s1.query(v.discover(5)).received());
                unacked++;
            } else if (v.scope().equals("server1") && !v.clientId()) {
                assertNotNull(s1.query(v.discover(5)).received(), "own scope still served and not analysed");
            }
        }
        assertEquals(3, s1.ha.status().unackedClients());
        net.advanceUntil(() -> s1.state() == HaState.PARTNER_DOWN, 2_500, "partner-down");
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) s1.command("ha-heartbeat", null).arguments();
        @SuppressWarnings("unchecked")
        Map<String, Object> captured = (Map<String, Object>) Captures.answer("34-lb-ha-heartbeat-partner-down")
                .get("arguments");
        assertEquals(captured.get("scopes"), hb.get("scopes"));
        assertEquals(captured.get("state"), hb.get("state"));
        Vector partners = vectors().stream().filter(v -> v.scope().equals("server2")).findFirst().orElseThrow();
        assertNotNull(s1.query(partners.discover(0)).received(), "now serving the partner's scope");
        assertFalse(s1.ha.status().communicationInterrupted() && s1.ha.status().partnerState() != HaState.UNAVAILABLE);
    }
}
