package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.ha.internal.LeaseBatchCommand;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batched lease update between two Leasehold servers, in a hot-standby pair: used only after the partner's
 * list-commands named it, never towards a partner without it (as Kea), dropped at once when the partner is replaced
 * by one without it, and every lease still on the partner before the client's ACK.
 */
class BatchedUpdatesScenarioTest {
    private static final String GIADDR = HotStandbyScenarioTest.GIADDR;
    private HaNet net;
    private HaNode s1;
    private HaNode s2;

    private void pair(HaNet n, boolean partnerHasBatch) {
        net = n;
        s1 = net.start("server1", HotStandbyScenarioTest.config("server1"), "10.20.0.1");
        s2 = net.start("server2", HotStandbyScenarioTest.config("server2"), "10.20.0.2");
        if (!partnerHasBatch) {
            s2.commands.unregister(LeaseBatchCommand.NAME);
        }
        net.advanceUntil(() -> s1.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY, 30_000,
                "both in hot-standby");
    }

    @AfterEach
    void stop() {
        net.close();
    }

    private InMemoryPeerClient toStandby() {
        return net.client("server1", "server2");
    }

    private List<String> updateCommands() {
        return toStandby().sent.stream().map(m -> (String) m.get("command"))
                .filter(c -> !c.equals("ha-heartbeat") && !c.startsWith("dhcp-") && !c.startsWith("ha-")
                        && !c.equals("lease4-get-page"))
                .toList();
    }

    private void assertOnStandby(DhcpMessage ack) {
        assertNotNull(ack, "the client got its ACK");
        Lease4 standby = s2.store.get(ack.yiaddr()).orElseThrow(() -> new AssertionError("lease not on the standby"));
        assertEquals(s1.store.get(ack.yiaddr()).orElseThrow(), standby);
    }

    @Test
    void betweenTwoLeaseholdServersUpdatesGoInBatchesAfterTheAnnouncement() {
        pair(new HaNet(), true);
        for (int i = 1; i <= 3; i++) {
            assertOnStandby(s1.dora(Queries.mac(i), GIADDR));
        }
        assertEquals(List.of("list-commands", "lease4-update", LeaseBatchCommand.NAME, LeaseBatchCommand.NAME),
                updateCommands(), "asked once; the first update singly while the answer was pending, then batches");
        @SuppressWarnings("unchecked")
        Map<String, Object> op = ((List<Map<String, Object>>) ((Map<String, Object>) toStandby()
                .sent(LeaseBatchCommand.NAME).get(0).get("arguments")).get("operations")).get(0);
        assertEquals("lease4-update", op.get("command"));
        @SuppressWarnings("unchecked")
        Map<String, Object> single = (Map<String, Object>) toStandby().sent("lease4-update").get(0).get("arguments");
        assertEquals(single.keySet(), ((Map<?, ?>) op.get("arguments")).keySet(),
                "inside a batch, the same lease4-update arguments as alone");
    }

    @Test
    void aPartnerWithoutTheCommandNeverGetsABatch() {
        pair(new HaNet(), false); // as a Kea partner: list-commands does not name it
        for (int i = 1; i <= 5; i++) {
            assertOnStandby(s1.dora(Queries.mac(i), GIADDR));
        }
        List<String> sent = updateCommands();
        assertEquals(List.of("list-commands", "lease4-update", "lease4-update", "lease4-update", "lease4-update",
                "lease4-update"), sent);
    }

    @Test
    void aPartnerReplacedByOneWithoutTheCommandGetsTheSameUpdatesSingly() {
        pair(new HaNet(), true);
        assertOnStandby(s1.dora(Queries.mac(1), GIADDR));
        assertOnStandby(s1.dora(Queries.mac(2), GIADDR));
        s2.commands.unregister(LeaseBatchCommand.NAME); // e.g. the partner came back as Kea between two updates
        DhcpMessage ack = s1.dora(Queries.mac(3), GIADDR);
        assertOnStandby(ack);
        assertOnStandby(s1.dora(Queries.mac(4), GIADDR));
        List<String> sent = updateCommands();
        assertEquals(List.of("list-commands", "lease4-update", LeaseBatchCommand.NAME, LeaseBatchCommand.NAME,
                "lease4-update", "lease4-update"), sent, "refused batch (result 2), then its update singly, then singly");
        assertEquals(HaState.HOT_STANDBY, s1.state(), "result 2 to a batch is not a failed update");
    }

    @Test
    void aLostBatchDropsTheAckAndTheNextUpdateAsksAgain() {
        pair(new HaNet(), true);
        assertOnStandby(s1.dora(Queries.mac(1), GIADDR));
        assertOnStandby(s1.dora(Queries.mac(2), GIADDR));
        net.cut("server1", "server2");
        assertNull(s1.dora(Queries.mac(3), GIADDR), "no acknowledgement from the partner, no ACK");
        net.heal("server1", "server2");
        net.advanceUntil(() -> s1.state() == HaState.HOT_STANDBY, 60_000, "back in hot-standby");
        assertOnStandby(s1.dora(Queries.mac(4), GIADDR));
        assertEquals(2, toStandby().sent("list-commands").size(), "asked again after the failure");
    }

    @Test
    void concurrentTransactionsShareBatchesAndEveryLeaseIsOnThePartnerBeforeItsAck() throws Exception {
        pair(HaNet.async(), true);
        assertOnStandby(s1.dora(Queries.mac(1), GIADDR)); // the announcement
        int n = 200;
        List<DhcpMessage> offers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            offers.add(s1.query(Queries.discover(Queries.mac(100 + i), GIADDR, 0)).received());
        }
        List<HaNode.Reply> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DhcpMessage o = offers.get(i);
            replies.add(s1.query(Queries.request(Queries.mac(100 + i), GIADDR, o.yiaddr(),
                    o.serverIdentifier().getAsInt())));
        }
        for (HaNode.Reply r : replies) {
            assertEquals(Boolean.TRUE, r.acked().get(10, TimeUnit.SECONDS));
            assertOnStandby(r.outcome().reply());
        }
        int batches = toStandby().sent(LeaseBatchCommand.NAME).size();
        assertTrue(batches >= 1 && batches <= n, "batches: " + batches);
        long carried = toStandby().sent(LeaseBatchCommand.NAME).stream().mapToLong(m -> ((List<?>) ((Map<?, ?>)
                m.get("arguments")).get("operations")).size()).sum();
        assertEquals(n, carried, "each lease exactly once");
    }
}
