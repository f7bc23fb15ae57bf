package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.ha.internal.HttpDate;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primary of the captured hot-standby pair against a scripted standby that answers with the bodies Kea 2.2 sent
 * (and with the fake-peer variants): synchronisation paging, failure handling, lease update results, rejected
 * updates, clock skew.
 */
class ScriptedPartnerTest {
    private final VirtualTime time = new VirtualTime();
    private final ScriptedPeer peer = new ScriptedPeer();
    private final AtomicReference<String> partnerState = new AtomicReference<>("hot-standby");
    private final AtomicLong skewMillis = new AtomicLong();
    private final AtomicLong partnerUnsent = new AtomicLong();
    private HaNode node;

    @BeforeEach
    void script() {
        peer.on("ha-heartbeat", a -> heartbeat(reportedState(), List.of(), partnerUnsent.get()))
                .answer("dhcp-disable", Captures.response("02-dhcp-disable-sync"))
                .answer("dhcp-enable", Captures.response("35-fake-dhcp-enable-after-failed-sync"))
                .answer("lease4-get-page", Captures.response("03-lease4-get-page-empty"))
                .answer("ha-sync-complete-notify", Captures.response("04-ha-sync-complete-notify"))
                .answer("lease4-update", Captures.response("08-lease4-update-perfdhcp"))
                .answer("lease4-del", Captures.response("10-lease4-del-release"));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /**
     * A partner in hot-standby that saw us go away reports partner-down while we wait and synchronise (so the sync
     * is Kea's, with the partner disabled), unless a test wants it to stay in hot-standby meanwhile (live sync).
     */
    private final java.util.concurrent.atomic.AtomicBoolean partnerSawUsDown =
            new java.util.concurrent.atomic.AtomicBoolean(true);

    private String reportedState() {
        String s = partnerState.get();
        if (s.equals("hot-standby") && partnerSawUsDown.get() && node != null
                && (node.state() == HaState.WAITING || node.state() == HaState.SYNCING)) {
            return "partner-down";
        }
        return s;
    }

    private String heartbeat(String state, List<String> scopes, long unsent) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("date-time", HttpDate.format(time.currentTimeMillis() + skewMillis.get()));
        args.put("scopes", scopes);
        args.put("state", state);
        args.put("unsent-update-count", unsent);
        return Json.write(List.of(Map.of("arguments", args, "result", 0, "text", "HA peer status returned.")));
    }

    private HaNode primary(String haExtra) {
        String cfg = HotStandbyScenarioTest.config("server1");
        if (haExtra != null) {
            cfg = cfg.replace("\"sync-page-limit\": 100,", "\"sync-page-limit\": 100, " + haExtra + ",");
        }
        return new HaNode("server1", HaNode.config(cfg, "server1"), time, p -> peer, "10.20.0.1");
    }

    private void advanceUntil(java.util.function.BooleanSupplier c, long max, String what) {
        for (long t = 0; !c.getAsBoolean(); t += 100) {
            if (t > max) {
                throw new AssertionError(what + " not reached; transitions " + node.transitions + "; sent " + nonHeartbeatCommands());
            }
            time.advance(100);
        }
    }

    private void hotStandby() {
        advanceUntil(() -> node.state() == HaState.HOT_STANDBY, 20_000, "hot-standby");
    }

    private List<String> nonHeartbeatCommands() {
        return peer.commands().stream().filter(c -> !c.equals("ha-heartbeat")).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> argsOf(String command) {
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (peer.requests) {
            peer.requests.stream().filter(r -> command.equals(r.get("command")))
                    .forEach(r -> out.add((Map<String, Object>) r.get("arguments")));
        }
        return out;
    }

    @Test
    void syncPagesThroughTheCapturedLeasesAndKeepsNewerLocalOnes() {
        peer.on("lease4-get-page", a -> switch ((String) a.get("from")) {
            case "start" -> Captures.body("hs-admin-sync/351-lease4-get-page-response");
            case "10.20.1.99" -> Captures.body("hs-admin-sync/353-lease4-get-page-response");
            case "10.20.1.199" -> Captures.body("hs-admin-sync/355-lease4-get-page-response");
            case "10.20.2.43" -> Captures.body("hs-admin-sync/357-lease4-get-page-response");
            default -> "[{\"result\": 1, \"text\": \"unexpected page " + a.get("from") + "\"}]";
        });
        node = primary(null);
        // 10.20.1.5 was renewed here after the partner's copy; 10.20.1.6 here is older than the partner's.
        Lease4 newer = Lease4.builder(Ipv4.parse("10.20.1.5")).subnetId(1).validLifetime(3600).cltt(1_795_400_000L)
                .hardwareAddress(HardwareAddress.parse("02:00:00:00:00:05")).build();
        Lease4 older = Lease4.builder(Ipv4.parse("10.20.1.6")).subnetId(1).validLifetime(3600).cltt(1_795_000_000L)
                .hardwareAddress(HardwareAddress.parse("02:00:00:00:00:06")).build();
        Lease4 onlyHere = Lease4.builder(Ipv4.parse("10.20.3.1")).subnetId(1).validLifetime(3600).cltt(1_795_000_000L)
                .hardwareAddress(HardwareAddress.parse("02:00:00:00:00:07")).build();
        node.leases.addLease(newer);
        node.leases.addLease(older);
        node.leases.addLease(onlyHere);
        node.start();
        hotStandby();
        assertEquals(List.of("dhcp-disable", "lease4-get-page", "dhcp-disable", "lease4-get-page", "dhcp-disable",
                "lease4-get-page", "dhcp-disable", "lease4-get-page", "ha-sync-complete-notify"),
                nonHeartbeatCommands());
        List<Map<String, Object>> pages = argsOf("lease4-get-page");
        assertEquals(Captures.requestArguments("13-lease4-get-page-first"), pages.get(0));
        assertEquals(Captures.requestArguments("14-lease4-get-page-next"), pages.get(1));
        assertEquals(Captures.requestArguments("24-lease4-get-page-last"), pages.get(3));
        Map<String, Object> disable = new LinkedHashMap<>(Captures.requestArguments("02-dhcp-disable-sync"));
        disable.put("origin-id", 2000L);
        assertEquals(disable, argsOf("dhcp-disable").get(0));
        assertEquals(303, node.leaseCount(), "302 fetched (one kept newer) plus the one only we had");
        assertEquals(1_795_400_000L, node.lease("10.20.1.5").cltt(), "a newer local lease is kept");
        assertEquals(1_795_307_762L, node.lease("10.20.1.6").cltt(), "an older local lease is replaced");
        Lease4 declined = node.lease("10.20.2.46");
        assertEquals(1, declined.state());
        assertNull(declined.hardwareAddress());
        assertEquals("kh-client-1", node.lease("10.20.2.44").hostname());
        assertEquals(1L, node.stats.find("subnet[1].declined-addresses").orElseThrow().get(),
                "statistics follow leases applied by the sync");
    }

    /** The standby's admin {@code ha-sync} of the capture, request by request, answered with Kea's answers. */
    /** The partner answers {@code lease4-get-page} from these leases (in address order), as Kea pages. */
    private void servePages(List<Lease4> theirs) {
        peer.on("lease4-get-page", a -> {
            String from = (String) a.get("from");
            int after = from.equals("start") ? 0 : Ipv4.parse(from);
            int limit = ((Number) a.get("limit")).intValue();
            List<Map<String, Object>> page = theirs.stream()
                    .filter(l -> Integer.compareUnsigned(l.address(), after) > 0).limit(limit)
                    .map(io.leasehold.dhcp.control.LeaseJson::toMap).toList();
            return Json.write(List.of(Map.of("arguments", Map.of("count", page.size(), "leases", page),
                    "result", page.isEmpty() ? 3 : 0, "text", page.size() + " IPv4 lease(s) found.")));
        });
    }

    @Test
    void pagesStartSmallAndDoubleUpToTheSyncPageLimit() {
        // 4,500 leases at the partner, sync-page-limit 5,000: pages of 1,000, 2,000 and 4,000 are asked for (the
        // last comes back short), every lease arrives, and no request asks for more than the limit
        List<Lease4> theirs = new ArrayList<>();
        for (int i = 0; i < 4500; i++) {
            theirs.add(Lease4.builder(Ipv4.parse("10.20.0.10") + i).subnetId(1).validLifetime(3600)
                    .cltt(1_795_300_000L).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0,
                            (byte) (i >>> 8), (byte) i})).build());
        }
        servePages(theirs);
        String cfg = HotStandbyScenarioTest.config("server1").replace("\"sync-page-limit\": 100,",
                "\"sync-page-limit\": 5000,");
        node = new HaNode("server1", HaNode.config(cfg, "server1"), time, p -> peer, "10.20.0.1");
        node.start();
        hotStandby();
        assertEquals(List.of(1000L, 2000L, 4000L), argsOf("lease4-get-page").stream()
                .map(a -> ((Number) a.get("limit")).longValue()).toList());
        assertEquals(4500, node.leaseCount());
        assertEquals(1_795_300_000L, node.lease("10.20.17.157").cltt(), "the last lease arrived");
    }

    @Test
    void aLeaseTheStoreRefusesCostsOnlyThatLeaseNotItsPage() {
        // the store refuses one lease of the second page: the page's batch fails there, its leases are then stored
        // one by one, and only the refused one is missing
        List<Lease4> theirs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            theirs.add(Lease4.builder(Ipv4.parse("10.20.0.10") + i).subnetId(1).validLifetime(3600)
                    .cltt(1_795_300_000L).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0,
                            (byte) i})).build());
        }
        servePages(theirs);
        int refused = Ipv4.parse("10.20.0.150");
        RefusingStore store = new RefusingStore(refused);
        node = new HaNode("server1", HaNode.config(HotStandbyScenarioTest.config("server1"), "server1"), time,
                p -> peer, "10.20.0.1", false, store);
        node.start();
        hotStandby();
        assertEquals(249, node.leaseCount());
        assertNull(node.lease("10.20.0.150"));
        assertNotNull(node.lease("10.20.0.149"));
        assertNotNull(node.lease("10.20.0.151"), "the leases after the refused one in its page");
        assertNotNull(node.lease("10.20.1.3"), "and the pages after it");
        assertEquals(2, store.refusals.get(), "refused in the page's batch, then once more alone");
    }

    /** The in-memory store, refusing one address as a store refuses a lease it cannot hold. */
    private static final class RefusingStore implements io.leasehold.dhcp.lease.LeaseStore {
        private final io.leasehold.dhcp.lease.InMemoryLeaseStore inner = new io.leasehold.dhcp.lease.InMemoryLeaseStore();
        private final int refused;
        final AtomicInteger refusals = new AtomicInteger();

        RefusingStore(int refused) {
            this.refused = refused;
        }

        private Lease4 check(Lease4 l) {
            if (l.address() == refused) {
                refusals.incrementAndGet();
                throw new IllegalArgumentException("lease " + Ipv4.toString(refused) + " refused by the test");
            }
            return l;
        }

        @Override public boolean add(Lease4 l) { return inner.add(check(l)); }
        @Override public boolean update(Lease4 l) { return inner.update(check(l)); }
        @Override public boolean replace(Lease4 e, Lease4 r) { return inner.replace(e, check(r)); }
        @Override public boolean delete(Lease4 e) { return inner.delete(e); }
        @Override public java.util.Optional<Lease4> delete(int a) { return inner.delete(a); }
        @Override public java.util.Optional<Lease4> get(int a) { return inner.get(a); }
        @Override public List<Lease4> getByHardwareAddress(HardwareAddress h) { return inner.getByHardwareAddress(h); }
        @Override public List<Lease4> getByClientId(io.leasehold.dhcp.lease.ClientId c) { return inner.getByClientId(c); }
        @Override public List<Lease4> getByHostname(String h) { return inner.getByHostname(h); }
        @Override public List<Lease4> getBySubnet(long s) { return inner.getBySubnet(s); }
        @Override public List<Lease4> getPage(int a, int n) { return inner.getPage(a, n); }
        @Override public List<Lease4> getExpired(long now, int n) { return inner.getExpired(now, n); }
        @Override public long size() { return inner.size(); }
        @Override public SubnetLeaseCounts countBySubnet(long s) { return inner.countBySubnet(s); }
        @Override public long wipe(long s) { return inner.wipe(s); }
        @Override public void close() { inner.close(); }
    }

    @Test
    void adminHaSyncReplaysTheCapturedExchangeRequestByRequest() throws Exception {
        String[] items = {"350-dhcp-disable", "351-lease4-get-page", "352-dhcp-disable", "353-lease4-get-page",
                "354-dhcp-disable", "355-lease4-get-page", "356-dhcp-disable", "357-lease4-get-page",
                "358-ha-sync-complete-notify"};
        Map<String, java.util.ArrayDeque<String>> answers = new LinkedHashMap<>();
        for (String item : items) {
            String command = (String) Captures.request("hs-admin-sync/" + item).get("command");
            answers.computeIfAbsent(command, k -> new java.util.ArrayDeque<>())
                    .add(Captures.body("hs-admin-sync/" + item + "-response"));
        }
        answers.forEach((command, queue) -> peer.on(command, a -> queue.poll()));
        partnerState.set("waiting");
        node = new HaNode("server2", HaNode.config(HotStandbyScenarioTest.config("server2"), "server2"), time,
                p -> peer, "10.20.0.2").start();
        java.util.concurrent.CompletableFuture<io.leasehold.dhcp.control.ControlResult> viaCommand =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> node.command("ha-sync",
                        Map.of("server-name", "server1", "max-period", 30L)));
        io.leasehold.dhcp.control.ControlResult r = null;
        for (int i = 0; i < 2_000 && r == null; i++) {
            time.runDue();
            try {
                r = viaCommand.get(5, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // the command thread waits for pages processed on the virtual clock
            }
        }
        assertNotNull(r, "ha-sync answered");
        assertEquals(Captures.answer("hs-admin-sync/../12-ha-sync-admin").get("text"), r.text());
        assertEquals(0, r.result());
        List<Map<String, Object>> sent = new ArrayList<>();
        synchronized (peer.requests) {
            peer.requests.stream().filter(q -> !"ha-heartbeat".equals(q.get("command"))).forEach(sent::add);
        }
        assertEquals(items.length, sent.size());
        for (int i = 0; i < items.length; i++) {
            Map<String, Object> captured = Captures.request("hs-admin-sync/" + items[i]);
            assertEquals(captured.get("command"), sent.get(i).get("command"), items[i]);
            @SuppressWarnings("unchecked")
            Map<String, Object> ours = new LinkedHashMap<>((Map<String, Object>) sent.get(i)
                    .getOrDefault("arguments", Map.of()));
            // Fields Kea 2.5.5+/2.5.8 add and Kea 2.2 ignores.
            ours.remove("origin-id");
            ours.remove("server-name");
            assertEquals(captured.getOrDefault("arguments", Map.of()), ours, items[i]);
        }
        assertEquals(302, node.leaseCount());
        assertEquals(HaState.WAITING, node.state(), "ha-sync does not change the HA state");
    }

    @Test
    void aFailedPageReEnablesThePartnerAndTheSyncIsRetried() {
        AtomicInteger pages = new AtomicInteger();
        peer.on("lease4-get-page", a -> pages.incrementAndGet() == 1
                ? "[{\"result\": 1, \"text\": \"simulated failure\"}]"
                : Captures.response("03-lease4-get-page-empty"));
        node = primary(null).start();
        advanceUntil(() -> pages.get() == 1, 5_000, "first page");
        time.runDue();
        assertEquals(List.of("dhcp-disable", "lease4-get-page", "dhcp-enable"), nonHeartbeatCommands());
        Map<String, Object> enable = new LinkedHashMap<>(Captures.requestArguments(
                "35-fake-dhcp-enable-after-failed-sync"));
        enable.put("origin-id", 2000L);
        assertEquals(enable, argsOf("dhcp-enable").get(0));
        assertEquals(HaState.SYNCING, node.state(), "stays syncing");
        long failedAt = time.currentTimeMillis();
        hotStandby();
        long retried = node.when("server1", "syncing", "ready");
        assertTrue(retried - failedAt >= 1_900 && retried - failedAt <= 2_200,
                "retried about one heartbeat later: " + (retried - failedAt));
    }

    @Test
    void aPartnerWithoutSyncCompleteNotifyIsReEnabledWithDhcpEnable() {
        peer.answer("ha-sync-complete-notify", "[{\"result\": 2, \"text\": \"'ha-sync-complete-notify' command "
                + "not supported.\"}]");
        node = primary(null).start();
        hotStandby();
        assertEquals(List.of("dhcp-disable", "lease4-get-page", "ha-sync-complete-notify", "dhcp-enable"),
                nonHeartbeatCommands().subList(0, 4));
    }

    @Test
    void leaseUpdateResultsDecideWhetherTheClientGetsItsAck() {
        node = primary(null).start();
        hotStandby();
        assertNotNull(node.dora(Queries.mac(1), HotStandbyScenarioTest.GIADDR), "result 0");
        peer.answer("lease4-update", Captures.response("03-lease4-get-page-empty"));
        assertNotNull(node.dora(Queries.mac(2), HotStandbyScenarioTest.GIADDR), "result 3 counts as success");
        peer.answer("lease4-update", Captures.response("37-fake-lease4-update-conflict-reply"));
        assertNull(node.dora(Queries.mac(3), HotStandbyScenarioTest.GIADDR), "result 4: no ACK");
        assertEquals(HaState.HOT_STANDBY, node.ha.status().partnerState(), "a conflict does not mean unavailable");
        peer.answer("lease4-update", "[{\"result\": 1, \"text\": \"boom\"}]");
        assertNull(node.dora(Queries.mac(4), HotStandbyScenarioTest.GIADDR), "result 1: no ACK");
        assertEquals(HaState.UNAVAILABLE, node.ha.status().partnerState());
        peer.answer("lease4-update", Captures.response("08-lease4-update-perfdhcp"));
        peer.down = true;
        assertNull(node.dora(Queries.mac(5), HotStandbyScenarioTest.GIADDR), "unreachable: no ACK");
        assertEquals(HaState.HOT_STANDBY, node.state());
        Map<String, Object> update = argsOf("lease4-update").get(0);
        assertEquals(Captures.requestArguments("08-lease4-update-perfdhcp").keySet().stream().filter(
                k -> !k.equals("client-id")).collect(java.util.stream.Collectors.toSet()),
                update.keySet().stream().filter(k -> !k.equals("origin")).collect(
                        java.util.stream.Collectors.toSet()));
    }

    @Test
    void releaseSendsLeaseDelWithTheCapturedShape() {
        node = primary(null).start();
        hotStandby();
        DhcpMessage ack = node.dora(Queries.mac(9), HotStandbyScenarioTest.GIADDR);
        HaNode.Reply r = node.query(Queries.release(Queries.mac(9), ack.yiaddr(), ack.serverIdentifier().getAsInt()));
        assertEquals(Boolean.TRUE, r.acked().join());
        Map<String, Object> del = argsOf("lease4-del").get(0);
        Map<String, Object> captured = Captures.requestArguments("10-lease4-del-release");
        assertEquals(captured.keySet(), del.keySet().stream().filter(k -> !k.equals("origin"))
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals("ha-partner", del.get("origin"));
        assertEquals(Ipv4.toString(ack.yiaddr()), del.get("ip-address"));
    }

    @Test
    void rejectedUpdatesResynchroniseInsteadOfTerminatingUntilTheBudgetIsSpent() {
        peer.answer("lease4-update", Captures.response("37-fake-lease4-update-conflict-reply"));
        node = primary("\"max-rejected-lease-updates\": 2").start();
        hotStandby();
        int client = 100;
        for (int round = 1; round <= 3; round++) {
            assertNull(node.dora(Queries.mac(client++), HotStandbyScenarioTest.GIADDR));
            assertEquals(round - 1, resyncs(), "one rejected client is below max-rejected-lease-updates 2");
            assertNull(node.dora(Queries.mac(client++), HotStandbyScenarioTest.GIADDR));
            time.runDue();
            assertEquals(round, resyncs(), "round " + round + ": resynchronised " + node.transitions);
            hotStandby();
        }
        assertNull(node.dora(Queries.mac(client++), HotStandbyScenarioTest.GIADDR));
        assertNull(node.dora(Queries.mac(client++), HotStandbyScenarioTest.GIADDR));
        time.runDue();
        assertEquals(HaState.TERMINATED, node.state(), "fourth divergence within the hour: Kea's terminated");
        int beats = argsOf("ha-heartbeat").size();
        time.advance(20_000);
        assertEquals(beats, argsOf("ha-heartbeat").size(), "no heartbeats in terminated");
        assertTrue(node.service.isEnabled());
        assertEquals(List.of("server1"), node.ha.status().scopes());
        int updates = argsOf("lease4-update").size();
        assertNotNull(node.dora(Queries.mac(client), HotStandbyScenarioTest.GIADDR), "terminated still serves");
        assertEquals(updates, argsOf("lease4-update").size(), "but sends no updates");
        assertEquals(1L, node.ha.status().unsentUpdateCount());
        assertEquals("HA state machine reset.", node.command("ha-reset", null).text(), "ha-reset leaves terminated");
        hotStandby();
    }

    private long resyncs() {
        synchronized (node.transitions) {
            return node.transitions.stream().filter(t -> t.endsWith("hot-standby->waiting")).count();
        }
    }

    @Test
    void clockSkewWarnsAbove30SecondsAndTerminatesAbove60() {
        node = primary(null).start();
        hotStandby();
        skewMillis.set(45_000);
        time.advance(5_000);
        assertEquals(HaState.HOT_STANDBY, node.state());
        assertEquals(45, node.ha.status().clockSkewSeconds());
        skewMillis.set(-90_000);
        advanceUntil(() -> node.state() == HaState.TERMINATED, 3_000, "terminated");
        assertEquals(-90, node.ha.status().clockSkewSeconds());
    }

    @Test
    void partnerDownReturnsToNormalOrResynchronisesDependingOnThePartnersUnsentUpdates() {
        node = primary(null).start();
        hotStandby();
        peer.down = true;
        advanceUntil(() -> node.state() == HaState.PARTNER_DOWN, 10_000, "partner-down");
        partnerState.set("ready");
        partnerUnsent.set(0);
        peer.down = false;
        advanceUntil(() -> node.state() == HaState.HOT_STANDBY, 3_000, "back to normal");
        peer.down = true;
        advanceUntil(() -> node.state() == HaState.PARTNER_DOWN, 10_000, "partner-down again");
        partnerUnsent.set(5);
        peer.down = false;
        advanceUntil(() -> node.state() != HaState.PARTNER_DOWN, 3_000, "leaves partner-down");
        assertTrue(node.when("server1", "partner-down", "waiting") > 0, "the partner served clients we do not know"
                + " of: resynchronise " + node.transitions);
    }

    @Test
    void deletionsAreSentBeforeAdditionsOfTheSameTransaction() {
        node = primary(null).start();
        hotStandby();
        DhcpMessage ack = node.dora(Queries.mac(40), HotStandbyScenarioTest.GIADDR);
        Lease4 old = node.store.get(ack.yiaddr()).orElseThrow();
        Lease4 moved = old.toBuilder().build();
        Lease4 other = Lease4.builder(Ipv4.parse("10.20.3.9")).subnetId(1).validLifetime(3600)
                .cltt(time.currentTimeSeconds()).hardwareAddress(old.hardwareAddress()).build();
        int before = peer.requests.size();
        Boolean ok = node.ha.hook().leasesCommitted(Queries.discover(Queries.mac(40), HotStandbyScenarioTest.GIADDR,
                0), List.of(other), List.of(moved)).toCompletableFuture().join();
        assertEquals(Boolean.TRUE, ok);
        List<String> order = new ArrayList<>();
        synchronized (peer.requests) {
            peer.requests.subList(before, peer.requests.size()).forEach(r -> order.add((String) r.get("command")));
        }
        assertEquals(List.of("lease4-del", "lease4-update"), order.stream().filter(c -> !c.equals("ha-heartbeat"))
                .toList());
    }

    @Test
    void withoutAutoFailoverAStandbyInPartnerDownServesNothing() {
        String cfg = HotStandbyScenarioTest.config("server2").replaceFirst(
                "(\"role\": \"standby\",\\s*\"auto-failover\": )true", "$1false");
        assertTrue(cfg.contains("\"auto-failover\": false"), "config edited");
        node = new HaNode("server2", HaNode.config(cfg, "server2"), time, p -> peer, "10.20.0.2").start();
        advanceUntil(() -> node.state() == HaState.HOT_STANDBY, 20_000, "hot-standby");
        peer.down = true;
        time.advance(7_000);
        assertEquals(0, node.command("dhcp-disable", Map.of()).result(), "the operator turns DHCP off");
        advanceUntil(() -> node.state() == HaState.PARTNER_DOWN, 3_000,
                "partner-down without traffic analysis while DHCP is off");
        assertEquals(List.of(), node.ha.status().scopes(), "auto-failover false: own scopes only (none)");
    }

    @Test
    void waitingForATerminatedPartnerGivesUpAfterTenMinutes() {
        partnerState.set("terminated");
        node = primary(null).start();
        time.advance(9 * 60_000);
        assertEquals(HaState.WAITING, node.state());
        advanceUntil(() -> node.state() == HaState.TERMINATED, 70_000, "terminated");
    }

    @Test
    void aPartnerInTheOtherModeSendsUsBackToWaiting() {
        node = primary(null).start();
        hotStandby();
        partnerState.set("load-balancing");
        advanceUntil(() -> node.state() == HaState.WAITING, 3_000, "waiting");
        assertFalse(node.service.isEnabled());
    }

    @Test
    void aPartnerInHotStandbyIsNotDisabledWhileWeSynchroniseFromIt() {
        partnerSawUsDown.set(false);
        node = primary(null).start();
        hotStandby();
        assertEquals(List.of("lease4-get-page", "ha-sync-complete-notify"), nonHeartbeatCommands(),
                "no dhcp-disable: the partner kept its service");
        List<String> all = peer.commands();
        assertEquals("ha-heartbeat", all.get(all.indexOf("lease4-get-page") + 1),
                "after the last page a heartbeat checks that the partner still sends its updates");
        assertTrue(node.service.isEnabled());
    }

    @Test
    void aPartnerThatLeftHotStandbyDuringALiveSyncIsSynchronisedAgainDisabled() {
        partnerSawUsDown.set(false);
        AtomicInteger pages = new AtomicInteger();
        peer.on("lease4-get-page", a -> {
            if (pages.incrementAndGet() == 1) {
                partnerState.set("partner-down"); // it stopped sending us its leases while we paged
            }
            return Captures.response("03-lease4-get-page-empty");
        });
        node = primary(null).start();
        advanceUntil(() -> node.state() == HaState.READY, 10_000, "ready");
        assertEquals(List.of("lease4-get-page", "dhcp-disable", "lease4-get-page", "ha-sync-complete-notify"),
                nonHeartbeatCommands().subList(0, 4));
    }

    @Test
    void withLeaseUpdatesOffThePartnerIsDisabledEvenInHotStandby() {
        partnerSawUsDown.set(false);
        node = primary("\"send-lease-updates\": false").start();
        hotStandby();
        assertEquals(List.of("dhcp-disable", "lease4-get-page", "ha-sync-complete-notify"),
                nonHeartbeatCommands().subList(0, 3), "a partner that sends no updates must be disabled to pull");
    }
}
