package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.InboundPacket;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up's own run: the synthetic clients really are served (else it would warm up the drop paths only). */
class WarmUpRunTest {
    private static KeaConfig config(String subnets) throws Exception {
        return KeaConfigLoader.parse("""
                { "Dhcp4": { "interfaces-config": { "interfaces": [ "eth7" ] },
                  "lease-database": { "type": "memfile", "persist": false },
                  "subnet4": [ %s ] } }
                """.formatted(subnets), "test");
    }

    @Test
    void everyTargetIsServedUntilTheQueriesStopGettingCheaper() throws Exception {
        KeaConfig c = config("""
                { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.250" } ] },
                { "id": 2, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "198.51.100.1" ] },
                  "pools": [ { "pool": "10.0.0.10 - 10.255.255.254" } ] },
                { "id": 3, "subnet": "172.16.0.0/24", "interface": "eth9",
                  "pools": [ { "pool": "172.16.0.10 - 172.16.0.250" } ] }""");
        WarmUp.Result r = WarmUp.run(c, new VirtualTime(), 67, 68, Set.of(), 600_000);
        assertTrue(r.queries() >= WarmUpProgress.MIN_QUERIES, r.toString());
        assertTrue(r.end() == WarmUpProgress.End.SETTLED || r.end() == WarmUpProgress.End.LIMIT, r.toString());
        assertTrue(r.bestMicros() > 0, r.toString());
        // about 4 queries per client, of which only the RELEASE has no reply (every target gets its OFFERs)
        assertTrue(r.replies() > r.queries() * 2 / 3, r.toString());
        assertTrue(r.clients() < r.queries() / 3, r.toString());
        assertNotNull(r.scratch());
        assertFalse(Files.exists(r.scratch()), "the scratch directory is deleted: " + r.scratch());
    }

    @Test
    void progressEndsOnceRoundsStopGettingCheaperAndNotBeforeTheMinimum() {
        // virtual clocks: each round costs the same CPU (never 3 % cheaper) and takes 10 ms; the JIT compiles
        // (its total time grows) until jitBusyUntil
        long[] cpu = {0};
        long[] wall = {0};
        long[] jit = {0};
        long[] jitBusyUntil = {0};
        WarmUpProgress p = new WarmUpProgress(() -> cpu[0], () -> wall[0], () -> jit[0]);
        Runnable round = () -> {
            cpu[0] += 8_000_000;
            wall[0] += 10_000_000;
            if (wall[0] <= jitBusyUntil[0]) {
                jit[0] += 5;
            }
            p.round();
        };
        for (int i = 0; i < WarmUpProgress.PATIENCE + 40; i++) {
            round.run(); // never cheaper and the JIT quiet, but under the minimum number of queries
        }
        assertFalse(p.done());
        for (int i = 0; i < WarmUpProgress.MIN_QUERIES; i++) {
            p.counted();
        }
        // the JIT keeps finishing compilations for another second: no end while it does, however flat the rounds
        jitBusyUntil[0] = wall[0] + 1_000_000_000L;
        for (int i = 0; i < 100; i++) {
            round.run();
        }
        assertFalse(p.done(), "not while the JIT is still compiling");
        int rounds = 0;
        while (!p.done() && rounds < 1000) {
            round.run();
            rounds++;
        }
        assertEquals(WarmUpProgress.End.SETTLED, p.end());
        long quietRounds = WarmUpProgress.JIT_QUIET_MILLIS / 10;
        assertTrue(rounds >= quietRounds && rounds <= quietRounds + 1,
                "ends " + WarmUpProgress.JIT_QUIET_MILLIS + " ms after the JIT's last compilation, took " + rounds);
        p.finish(WarmUpProgress.End.BUDGET);
        assertEquals(WarmUpProgress.End.SETTLED, p.end(), "the first reason stays");
        WarmUpProgress q = new WarmUpProgress();
        for (int i = 0; i < WarmUpProgress.MAX_QUERIES; i++) {
            q.counted();
        }
        assertEquals(WarmUpProgress.End.LIMIT, q.end());
    }

    @Test
    void relayedQueriesComeWithAndWithoutOption82() throws Exception {
        KeaConfig c = config("""
                { "id": 1, "subnet": "10.9.0.0/16", "relay": { "ip-addresses": [ "10.9.9.9" ] },
                  "pools": [ { "pool": "10.9.0.10 - 10.9.255.250" } ] }""");
        WarmUpTraffic t = new WarmUpTraffic(c);
        WarmUpTraffic.Target relayed = t.targets().stream().filter(WarmUpTraffic.Target::relayed).findFirst()
                .orElseThrow();
        int with = 0;
        int without = 0;
        for (int client = 1; client <= 30; client++) {
            InboundPacket p = t.discover(client, relayed);
            try {
                DhcpMessage m = DhcpDecoder.decode(p.content().duplicate());
                if (m.hasOption(82)) {
                    with++;
                } else {
                    without++;
                }
            } finally {
                p.release();
            }
        }
        // real relays differ; perfdhcp's adds no option 82: the reply path's branches for both must be warm
        assertTrue(with >= 15 && without >= 5, with + " with option 82, " + without + " without");
    }

    @Test
    void theTargetsCoverRelayedAndDirectQueriesOfEverySubnetWithAPool() throws Exception {
        KeaConfig c = config("""
                { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.250" } ] },
                { "id": 2, "subnet": "198.51.100.0/24" },
                { "id": 3, "subnet": "172.16.0.0/24", "interface": "eth9", "relay": { "ip-addresses": [ "10.9.9.9" ] },
                  "pools": [ { "pool": "172.16.0.10 - 172.16.0.250" } ] }""");
        WarmUpTraffic t = new WarmUpTraffic(c);
        assertEquals(4, t.targets().size(), t.targets().toString());
        assertEquals(0xc0000201, t.targets().get(0).giaddr(), "a subnet's first host address when it has no relay");
        assertEquals("eth7", t.targets().get(1).interfaceName(), "the first configured interface");
        assertEquals(0xac100001, t.targets().get(3).interfaceAddress(), "direct: the subnet's first host address");
        assertEquals(0x0a090909, t.targets().get(2).giaddr(), "the subnet's relay address");
        assertEquals("eth9", t.targets().get(3).interfaceName(), "the subnet's own interface");
        assertEquals(3, t.listeners().size(), "the relay listener and one per direct target");
    }

    @Test
    void nothingToServeMeansAShortRunAndNoBudgetMeansNone() throws Exception {
        KeaConfig noPools = config("""
                { "id": 1, "subnet": "192.0.2.0/24" }""");
        WarmUp.Result r = WarmUp.run(noPools, new VirtualTime(), 67, 68, Set.of(), 600_000);
        assertEquals(0, r.queries());
        assertEquals(WarmUpProgress.End.NO_TARGET, r.end());
        assertFalse(Files.exists(r.scratch()));
        WarmUp.Result none = WarmUp.run(noPools, new VirtualTime(), 67, 68, Set.of(), 0);
        assertEquals(0, none.queries());
        assertNull(none.end(), "did not run");
        assertNull(none.scratch());
    }
}
