package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two servers with Kea's captured hot-standby configuration (heartbeat-delay 2 s, max-response-delay 6 s,
 * max-ack-delay 2 s, max-unacked-clients 2) in virtual time: the scenarios of the captured Kea 2.2 run.
 */
class HotStandbyScenarioTest {
    static final String GIADDR = "10.20.0.1";
    private HaNet net;
    private HaNode s1;
    private HaNode s2;

    static String config(String server) {
        return HaNode.resource("/kea-captures/kea-dhcp4-" + server + "-hot-standby.json");
    }

    @BeforeEach
    void start() {
        net = newNet();
        s1 = net.start("server1", config("server1"), "10.20.0.1");
        s2 = net.start("server2", config("server2"), "10.20.0.2");
    }

    /** The network: answers delivered in line (the async subclass uses a thread pool). */
    HaNet newNet() {
        return new HaNet();
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private void bothHotStandby() {
        net.advanceUntil(() -> s1.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY, 30_000,
                "both in hot-standby");
    }

    @Test
    void startUpGoesWaitingSyncingReadyHotStandbyWithThePrimaryFirst() {
        assertEquals(HaState.WAITING, s1.state());
        assertFalse(s1.service.isEnabled(), "DHCP is off while waiting");
        assertFalse(s2.service.isEnabled());
        bothHotStandby();
        for (HaNode n : List.of(s1, s2)) {
            String name = n.label;
            assertTrue(n.when(name, "waiting", "syncing") >= 0, n.transitions.toString());
            assertTrue(n.when(name, "syncing", "ready") >= n.when(name, "waiting", "syncing"));
            assertTrue(n.when(name, "ready", "hot-standby") >= n.when(name, "syncing", "ready"));
        }
        assertTrue(s1.when("server1", "waiting", "syncing") < s2.when("server2", "waiting", "syncing"),
                "the primary synchronises first: " + s1.transitions + s2.transitions);
        assertTrue(s1.service.isEnabled());
        assertTrue(s2.service.isEnabled(), "the standby's service is on so it sees queries for failure detection");
        assertTrue(s2.service.disabledBy().isEmpty(), "the primary's sync re-enabled the standby");
        assertEquals(List.of("server1"), s1.ha.status().scopes());
        assertEquals(List.of(), s2.ha.status().scopes());
        assertEquals(HaState.HOT_STANDBY, s2.ha.status().partnerState());
        // The primary's first sync: disable (30 s = sync-timeout), empty page, notify.
        List<String> sent = net.client("server1", "server2").sent.stream().map(m -> (String) m.get("command"))
                .filter(c -> !c.equals("ha-heartbeat")).toList();
        assertEquals(List.of("dhcp-disable", "lease4-get-page", "ha-sync-complete-notify"), sent.subList(0, 3));
    }

    @Test
    void leasesGrantedByThePrimaryReachTheStandbyWhichAnswersNobody() {
        bothHotStandby();
        HardwareAddress mac = Queries.mac(1);
        DhcpMessage ack = s1.dora(mac, GIADDR);
        assertNotNull(ack);
        Lease4 onStandby = s2.store.get(ack.yiaddr()).orElseThrow();
        assertEquals(mac, onStandby.hardwareAddress());
        assertEquals(s1.store.get(ack.yiaddr()).orElseThrow().expire(), onStandby.expire());
        assertNull(s2.dora(Queries.mac(2), GIADDR), "the standby serves no scope in hot-standby");
        assertEquals(0, s2.ha.status().unackedClients(), "no analysis while the partner answers");
        Map<String, Object> update = net.client("server1", "server2").sent("lease4-update").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) update.get("arguments");
        assertEquals(Set.of("expire", "force-create", "fqdn-fwd", "fqdn-rev", "hostname", "hw-address", "ip-address",
                "state", "subnet-id", "valid-lft", "origin"), args.keySet());
        assertEquals(true, args.get("force-create"));
        assertEquals(0L, s1.ha.status().unsentUpdateCount());
    }

    @Test
    void standbyTakesOverWhenThePrimaryDiesAndClientsGoUnanswered() {
        bothHotStandby();
        DhcpMessage before = s1.dora(Queries.mac(1), GIADDR);
        assertNotNull(before);
        s1.kill();
        long killed = net.time.currentTimeMillis();
        net.advance(7_000);
        assertEquals(HaState.HOT_STANDBY, s2.state(), "a standby needs unacked clients, not just silence");
        assertTrue(s2.ha.status().communicationInterrupted());
        assertEquals(HaState.UNAVAILABLE, s2.ha.status().partnerState());
        // As in the capture: one client starting (secs 0), then three that waited 5 s (> max-ack-delay 2 s).
        assertNull(s2.query(Queries.discover(Queries.mac(10), GIADDR, 0)).received());
        assertNull(s2.query(Queries.discover(Queries.mac(11), GIADDR, 5)).received());
        assertNull(s2.query(Queries.discover(Queries.mac(12), GIADDR, 5)).received());
        net.advance(2_100);
        assertEquals(HaState.HOT_STANDBY, s2.state(), "2 unacked clients are not more than max-unacked-clients 2");
        // Byte-swapped secs (5 << 8) counts as 5 s.
        assertNull(s2.query(Queries.discover(Queries.mac(13), GIADDR, 5 << 8)).received());
        net.advanceUntil(() -> s2.state() == HaState.PARTNER_DOWN, 2_100, "partner-down at the next heartbeat");
        assertTrue(net.time.currentTimeMillis() - killed < 12_000);
        assertEquals(List.of("server1"), s2.ha.status().scopes());
        DhcpMessage served = s2.dora(Queries.mac(20), GIADDR);
        assertNotNull(served, "the standby now serves the primary's scope");
        assertEquals(1L, s2.ha.status().unsentUpdateCount(), "one transaction not replicated");

        // status-get as in the capture (22-status-get-partner-down).
        @SuppressWarnings("unchecked")
        Map<String, Object> ha = ((List<Map<String, Object>>) ((Map<String, Object>) s2.command("status-get", null)
                .arguments()).get("high-availability")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> servers = (Map<String, Object>) ha.get("ha-servers");
        @SuppressWarnings("unchecked")
        Map<String, Object> remote = (Map<String, Object>) servers.get("remote");
        assertEquals("unavailable", remote.get("last-state"));
        assertEquals(true, remote.get("communication-interrupted"));
        assertEquals(3L, remote.get("unacked-clients"));
        assertEquals(4L, remote.get("connecting-clients"));
        assertEquals(0L, remote.get("unacked-clients-left"));
        assertEquals(true, remote.get("in-touch"));
        assertEquals(List.of("server1"), remote.get("last-scopes"));
    }

    @Test
    void restartedPrimarySynchronisesFromTheStandbyAndBothReturnToHotStandby() {
        bothHotStandby();
        DhcpMessage early = s1.dora(Queries.mac(1), GIADDR);
        s1.kill();
        net.advance(7_000);
        for (int i = 0; i < 3; i++) {
            s2.query(Queries.discover(Queries.mac(30 + i), GIADDR, 5));
        }
        net.advanceUntil(() -> s2.state() == HaState.PARTNER_DOWN, 3_000, "standby partner-down");
        DhcpMessage duringOutage = s2.dora(Queries.mac(2), GIADDR);
        assertNotNull(duringOutage);

        HaNode back = net.start("server1", config("server1"), "10.20.0.1");
        assertEquals(0, back.leaseCount());
        net.advanceUntil(() -> back.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY, 30_000,
                "hot-standby again");
        assertNotNull(back.store.get(early.yiaddr()).orElse(null), "lease from before the crash restored");
        assertNotNull(back.store.get(duringOutage.yiaddr()).orElse(null), "lease granted by the standby fetched");
        assertTrue(s2.when("server2", "partner-down", "hot-standby") > 0, s2.transitions.toString());
        assertTrue(s2.service.disabledBy().isEmpty(), "the restarted primary's notify released the standby");
        assertTrue(back.service.isEnabled());
        assertNotNull(back.dora(Queries.mac(3), GIADDR));
    }

    @Test
    void restartedStandbySynchronisesWhileThePrimaryKeepsServingItsClients() {
        bothHotStandby();
        DhcpMessage early = s1.dora(Queries.mac(1), GIADDR);
        assertNotNull(early);
        int primaryTransitions = s1.transitions.size();
        s2.kill();
        HaNode back = net.start("server2", config("server2"), "10.20.0.2");
        assertEquals(0, back.leaseCount());
        // The primary has not noticed (well within max-response-delay): it is in hot-standby and serves, and the
        // restarted standby, waiting, takes the lease update the primary waits for before its ACK.
        DhcpMessage whileWaiting = s1.dora(Queries.mac(2), GIADDR);
        assertNotNull(whileWaiting, "the primary answers while its partner restarts");
        net.advanceUntil(() -> back.state() == HaState.HOT_STANDBY, 30_000, "standby back in hot-standby");
        List<String> sent = net.client("server2", "server1").sent.stream().map(m -> (String) m.get("command"))
                .toList();
        assertFalse(sent.contains("dhcp-disable"), "the primary was never disabled: " + sent);
        assertTrue(sent.contains("lease4-get-page"), sent.toString());
        assertEquals(primaryTransitions, s1.transitions.size(), "the primary stayed in hot-standby: "
                + s1.transitions);
        assertTrue(s1.service.isEnabled());
        assertNotNull(back.store.get(early.yiaddr()).orElse(null), "fetched with the pages");
        assertNotNull(back.store.get(whileWaiting.yiaddr()).orElse(null), "sent as a lease update");
        DhcpMessage after = s1.dora(Queries.mac(3), GIADDR);
        assertNotNull(back.store.get(after.yiaddr()).orElse(null));
    }

    @Test
    void primaryDeclaresPartnerDownWithinMaxResponseDelayPlusOneHeartbeat() {
        bothHotStandby();
        net.advance(100);
        // Heartbeats run every 2 s; find when the last one to the standby succeeded by killing right after one.
        InMemoryPeerClient toStandby = net.client("server1", "server2");
        int beats = toStandby.sent("ha-heartbeat").size();
        net.advanceUntil(() -> toStandby.sent("ha-heartbeat").size() > beats, 3_000, "a heartbeat");
        long lastGood = net.time.currentTimeMillis();
        s2.kill();
        net.advanceUntil(() -> s1.state() == HaState.PARTNER_DOWN, 10_000, "primary partner-down");
        long took = net.time.currentTimeMillis() - lastGood;
        assertTrue(took > 6_000 && took <= 6_000 + 2_000 + 200, "took " + took + " ms");
        assertEquals(List.of("server1"), s1.ha.status().scopes());
        assertNotNull(s1.dora(Queries.mac(5), GIADDR));
        assertEquals(1L, s1.ha.status().unsentUpdateCount());
    }

    @Test
    void repliesAreDroppedWhileTheStandbyIsUnreachableButNotYetDown() {
        bothHotStandby();
        net.cut("server1", "server2");
        HaNode.Reply offer = s1.query(Queries.discover(Queries.mac(7), GIADDR, 0));
        assertNotNull(offer.received(), "no lease committed for an offer: nothing to wait for");
        HaNode.Reply ack = s1.query(Queries.request(Queries.mac(7), GIADDR, offer.received().yiaddr(),
                offer.received().serverIdentifier().getAsInt()));
        assertEquals(Boolean.FALSE, ack.acked().join(), "the partner did not take the lease");
        assertNull(ack.received());
        assertEquals(HaState.UNAVAILABLE, s1.ha.status().partnerState());
        assertEquals(HaState.HOT_STANDBY, s1.state());
        net.heal("server1", "server2");
        net.advance(2_100);
        assertEquals(HaState.HOT_STANDBY, s1.ha.status().partnerState());
    }

    @Test
    void maintenanceStartAndCancelMoveBothServersAndBack() {
        bothHotStandby();
        ControlResult r = s2.command("ha-maintenance-start", null);
        assertEquals(0, r.result());
        assertEquals("Server is now in the partner-in-maintenance state and its partner is in-maintenance state. "
                + "The partner can be now safely shut down.", r.text());
        assertEquals(HaState.PARTNER_IN_MAINTENANCE, s2.state());
        assertEquals(HaState.IN_MAINTENANCE, s1.state());
        assertEquals(List.of("server1"), s2.ha.status().scopes());
        assertFalse(s1.service.isEnabled(), "in-maintenance turns DHCP off");
        @SuppressWarnings("unchecked")
        Map<String, Object> hb = (Map<String, Object>) s1.command("ha-heartbeat", null).arguments();
        assertEquals("in-maintenance", hb.get("state"));
        assertEquals(List.of(), hb.get("scopes"));
        DhcpMessage ack = s2.dora(Queries.mac(8), GIADDR);
        assertNotNull(ack);
        assertNotNull(s1.store.get(ack.yiaddr()).orElse(null), "partner-in-maintenance still sends updates");
        net.advance(5_000);
        assertEquals(HaState.PARTNER_IN_MAINTENANCE, s2.state(), "heartbeats keep both where they are");
        assertEquals(HaState.IN_MAINTENANCE, s1.state());

        ControlResult refused = s1.command("ha-maintenance-start", null);
        assertEquals(1, refused.result());
        ControlResult c = s2.command("ha-maintenance-cancel", null);
        assertEquals("Server maintenance successfully canceled.", c.text());
        assertEquals(HaState.HOT_STANDBY, s2.state());
        assertEquals(HaState.HOT_STANDBY, s1.state());
        ControlResult notIn = s1.command("ha-maintenance-notify", Map.of("cancel", true));
        assertEquals(1, notIn.result());
        assertEquals("Unable to cancel the maintenance for the server not in the in-maintenance state.",
                notIn.text());
        assertEquals(1, s2.command("ha-maintenance-notify", Map.of()).result(), "cancel is mandatory");
    }

    @Test
    void partnerInMaintenanceGoesPartnerDownAsSoonAsThePartnerIsShutDown() {
        bothHotStandby();
        assertEquals(0, s2.command("ha-maintenance-start", null).result());
        s1.kill();
        net.advanceUntil(() -> s2.state() == HaState.PARTNER_DOWN, 2_200, "partner-down at the first failure");
        assertEquals(List.of("server1"), s2.ha.status().scopes());
    }

    @Test
    void maintenanceStartWithAnOfflinePartnerGoesPartnerDown() {
        bothHotStandby();
        s1.kill();
        ControlResult r = s2.command("ha-maintenance-start", null);
        assertEquals(0, r.result());
        assertEquals("Server is now in the partner-down state as its partner appears to be offline for maintenance.",
                r.text());
        assertEquals(HaState.PARTNER_DOWN, s2.state());
        assertEquals(List.of("server1"), s2.ha.status().scopes());
    }

    @Test
    void resetScopesAndContinueAnswerWithKeaTexts() {
        bothHotStandby();
        assertEquals("HA state machine is not paused.", s1.command("ha-continue", null).text());
        ControlResult scopes = s2.command("ha-scopes", Map.of("scopes", List.of("server1")));
        assertEquals("New HA scopes configured.", scopes.text());
        assertEquals(List.of("server1"), s2.ha.status().scopes());
        ControlResult bad = s2.command("ha-scopes", Map.of("scopes", List.of("server9")));
        assertEquals(1, bad.result());
        assertEquals(1, s2.command("ha-scopes", Map.of()).result());
        ControlResult reset = s1.command("ha-reset", null);
        assertEquals("HA state machine reset.", reset.text());
        assertEquals(HaState.WAITING, s1.state());
        assertEquals("HA state machine already in WAITING state.", s1.command("ha-reset", null).text());
        bothHotStandby();
        assertTrue(s1.when("server1", "hot-standby", "waiting") > 0);
    }

    @Test
    void pausedStateMachineWaitsForHaContinue() {
        net.close();
        net = newNet();
        String paused = config("server1").replace("\"sync-page-limit\": 100,",
                "\"sync-page-limit\": 100, \"state-machine\": { \"states\": [ "
                        + "{ \"state\": \"ready\", \"pause\": \"always\" } ] },");
        s1 = net.start("server1", paused, "10.20.0.1");
        s2 = net.start("server2", config("server2"), "10.20.0.2");
        net.advanceUntil(() -> s1.state() == HaState.READY, 10_000, "primary ready");
        net.advance(10_000);
        assertEquals(HaState.READY, s1.state(), "paused in ready");
        assertTrue(s1.ha.status().paused());
        assertEquals("HA state machine continues.", s1.command("ha-continue", null).text());
        bothHotStandby();
    }

    @Test
    void syncCompleteNotifyInPartnerDownKeepsTheServiceDisabledUntilTheNotifierIsGone() {
        bothHotStandby();
        s1.kill();
        assertEquals(0, s2.command("ha-maintenance-start", null).result());
        assertEquals(HaState.PARTNER_DOWN, s2.state());
        // A restarted partner pulls our leases: disable (Kea 2.2 form) ... notify.
        assertEquals(0, s2.command("dhcp-disable", Map.of("origin", "ha-partner", "max-period", 30L)).result());
        assertEquals(0, s2.command("ha-sync-complete-notify", null).result());
        assertFalse(s2.service.isEnabled(), "in partner-down the notification is remembered, not applied");
        net.advanceUntil(() -> s2.service.isEnabled(), 2_500, "re-enabled once the notifier is unreachable");
        assertEquals(HaState.PARTNER_DOWN, s2.state());
        assertEquals(Set.of(), s2.service.disabledBy());
        assertEquals(Ipv4.parse("10.20.0.2"), s2.serverAddress);
    }
}
