package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.Arguments;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.LeaseJson;
import io.leasehold.dhcp.ha.internal.HttpDate;
import io.leasehold.dhcp.ha.internal.PeerCommands;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our requests and answers against the JSON bodies Kea 2.2 put on the wire. */
class WireShapeTest {
    private final HaNet net = new HaNet();

    @AfterEach
    void stop() {
        net.close();
    }

    /** Kea 2.2's lease from captured update arguments, as our receiver parses it. */
    private static Lease4 leaseOf(Map<String, Object> args) {
        return LeaseJson.fromArguments(new Arguments("lease4-update", args), (req, a) -> req,
                id -> 3600L, 0);
    }

    /** The map as the peer sees it (through JSON), without the named keys. */
    private static Map<String, Object> withoutAdditions(Map<String, Object> m, String... keys) {
        Map<String, Object> out = new LinkedHashMap<>(InMemoryPeerClient.<Map<String, Object>>parse(
                io.leasehold.dhcp.control.internal.Json.write(m)));
        for (String k : keys) {
            out.remove(k);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"08-lease4-update-perfdhcp", "09-lease4-update-hostname", "11-lease4-update-declined",
            "32-lb-lease4-update-from-secondary"})
    void leaseUpdateArgumentsAreKeasPlusOrigin(String item) {
        Map<String, Object> captured = Captures.requestArguments(item);
        Map<String, Object> ours = PeerCommands.leaseUpdate(leaseOf(captured));
        assertEquals("ha-partner", ours.get("origin"), "Kea 2.3.8+ adds origin; Kea 2.2 ignores it");
        assertEquals(captured, withoutAdditions(ours, "origin"));
        assertEquals("lease4-update", Captures.request(item).get("command"));
    }

    @Test
    void leaseDelArgumentsAreKeasPlusOrigin() {
        Map<String, Object> captured = Captures.requestArguments("10-lease4-del-release");
        Map<String, Object> ours = PeerCommands.leaseDelete(leaseOf(captured));
        assertEquals(captured, withoutAdditions(ours, "origin"));
    }

    @Test
    void syncAndNotificationRequestsMatchTheCaptures() {
        assertEquals(Captures.requestArguments("13-lease4-get-page-first"),
                withoutAdditions(PeerCommands.getPage(null, 100)));
        assertEquals(Captures.requestArguments("14-lease4-get-page-next"),
                withoutAdditions(PeerCommands.getPage("10.20.1.99", 100)));
        assertEquals(Captures.requestArguments("02-dhcp-disable-sync"),
                withoutAdditions(PeerCommands.dhcpDisable(30, 2000), "origin-id"));
        assertEquals(Captures.requestArguments("36-fake-dhcp-disable-no-max-period"),
                withoutAdditions(PeerCommands.dhcpDisable(0, 2000), "origin-id"));
        assertEquals(Captures.requestArguments("35-fake-dhcp-enable-after-failed-sync"),
                withoutAdditions(PeerCommands.dhcpEnable(2000), "origin-id"));
        // Kea 2.2 sent these without arguments; the additions are what Kea 2.5.5+/2.5.8 send.
        assertEquals(null, Captures.requestArguments("04-ha-sync-complete-notify"));
        assertEquals(Map.of("server-name", "server1", "origin-id", 2000L),
                withoutAdditions(PeerCommands.syncCompleteNotify("server1", 2000)));
        assertEquals(Captures.requestArguments("16-ha-maintenance-notify-start"),
                withoutAdditions(PeerCommands.maintenanceNotify(false, "server2"), "server-name"));
        assertEquals(Captures.requestArguments("18-ha-maintenance-notify-cancel"),
                withoutAdditions(PeerCommands.maintenanceNotify(true, "server2"), "server-name"));
        assertEquals(Captures.requestArguments("45-fake-ha-heartbeat-server-name-to-kea22"),
                PeerCommands.serverName("server2"), "the heartbeat form Kea 2.2 was shown to accept");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-ha-heartbeat-waiting", "05-ha-heartbeat-ready", "06-ha-heartbeat-hot-standby-primary",
            "07-ha-heartbeat-hot-standby-standby", "19-ha-heartbeat-in-maintenance",
            "20-ha-heartbeat-partner-in-maintenance", "23-ha-heartbeat-partner-down-unsent",
            "31-lb-ha-heartbeat-load-balancing", "34-lb-ha-heartbeat-partner-down"})
    void capturedHeartbeatAnswersAreUnderstood(String item) {
        ControlResult r = InMemoryPeerClient.answer(Captures.response(item));
        PeerCommands.HeartbeatAnswer a = PeerCommands.HeartbeatAnswer.parse(r);
        Map<?, ?> args = (Map<?, ?>) r.arguments();
        assertEquals(args.get("state"), a.state().wireName());
        assertEquals(args.get("scopes"), a.scopes());
        assertEquals(args.get("unsent-update-count"), a.unsentUpdateCount());
        assertEquals(args.get("date-time"), HttpDate.format(a.dateTimeSeconds() * 1000));
    }

    @Test
    void malformedHeartbeatAnswersAreFailures() {
        String ok = "\"date-time\": \"Sun, 22 Nov 2026 00:35:47 GMT\"";
        for (String bad : List.of("[{\"result\": 1, \"text\": \"no\"}]",
                "[{\"result\": 0, \"arguments\": {" + ok + "}}]",
                "[{\"result\": 0, \"arguments\": {\"state\": \"unavailable\", " + ok + "}}]",
                "[{\"result\": 0, \"arguments\": {\"state\": \"sleeping\", " + ok + "}}]",
                "[{\"result\": 0, \"arguments\": {\"state\": \"ready\"}}]",
                "[{\"result\": 0, \"arguments\": {\"state\": \"ready\", \"date-time\": \"yesterday\"}}]",
                "[{\"result\": 0, \"arguments\": {\"state\": \"ready\", " + ok + ", \"unsent-update-count\": \"1\"}}]")) {
            ControlResult r = InMemoryPeerClient.answer(bad);
            assertThrows(IllegalArgumentException.class, () -> PeerCommands.HeartbeatAnswer.parse(r), bad);
        }
        ControlResult noScopes = InMemoryPeerClient.answer("[{\"result\": 0, \"arguments\": {\"state\": \"ready\", "
                + ok + ", \"scopes\": 5}}]");
        assertEquals(List.of(), PeerCommands.HeartbeatAnswer.parse(noScopes).scopes(), "bad scopes are tolerated");
        assertThrows(PeerClient.PeerException.class, () -> InMemoryPeerClient.answer(
                Captures.response("38-fake-ha-heartbeat-bare-map-reply")), "a bare map is not an answer");
    }

    @Test
    void dateTimeIsRfc1123WithATwoDigitDay() {
        assertEquals("Sun, 22 Nov 2026 00:35:47 GMT", HttpDate.format(1_795_307_747_000L));
        assertEquals("Mon, 02 Nov 2026 00:00:00 GMT", HttpDate.format(1_793_577_600_000L));
        assertEquals(1_795_307_747L, HttpDate.parseSeconds("Sun, 22 Nov 2026 00:35:47 GMT"));
        assertEquals(1_793_577_600L, HttpDate.parseSeconds("Mon, 2 Nov 2026 00:00:00 GMT"));
    }

    private static Set<String> keys(Object map) {
        return new HashSet<>(((Map<?, ?>) map).keySet().stream().map(Object::toString).toList());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> haEntry(Map<String, Object> statusArgs) {
        return ((List<Map<String, Object>>) statusArgs.get("high-availability")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static void assertSameShape(Map<String, Object> captured, Map<String, Object> ours) {
        assertEquals(keys(captured), keys(ours));
        Map<String, Object> cs = (Map<String, Object>) captured.get("ha-servers");
        Map<String, Object> os = (Map<String, Object>) ours.get("ha-servers");
        assertEquals(keys(cs), keys(os));
        for (String side : cs.keySet()) {
            Set<String> expected = keys(cs.get(side));
            expected.add("server-name"); // Kea 2.5.5+
            assertEquals(expected, keys(os.get(side)), side);
        }
        assertEquals(captured.get("ha-mode"), ours.get("ha-mode"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusGetHaPartHasKeasShapeAndValues() {
        HaNode s1 = net.start("server1", HotStandbyScenarioTest.config("server1"), "10.20.0.1");
        HaNode s2 = net.start("server2", HotStandbyScenarioTest.config("server2"), "10.20.0.2");
        net.advanceUntil(() -> s1.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY, 30_000, "HS");
        Map<String, Object> captured = haEntry((Map<String, Object>) Captures.answer("21-status-get-hot-standby")
                .get("arguments"));
        Map<String, Object> ours = haEntry((Map<String, Object>) s2.command("status-get", null).arguments());
        assertSameShape(captured, ours);
        Map<String, Object> cServers = (Map<String, Object>) captured.get("ha-servers");
        Map<String, Object> oServers = (Map<String, Object>) ours.get("ha-servers");
        assertEquals(cServers.get("local"), withoutAdditions((Map<String, Object>) oServers.get("local"),
                "server-name"));
        Map<String, Object> remote = withoutAdditions((Map<String, Object>) oServers.get("remote"), "server-name",
                "age");
        assertEquals(withoutAdditions((Map<String, Object>) cServers.get("remote"), "age"), remote);
        // The load-balancing capture has the same structure.
        Map<String, Object> lb = haEntry((Map<String, Object>) Captures.answer("33-lb-status-get").get("arguments"));
        assertEquals(keys(lb), keys(ours));
        // A heartbeat answer as captured from the hot-standby primary.
        ControlResult hb = s1.command("ha-heartbeat", null);
        Map<String, Object> capturedHb = Captures.answer("06-ha-heartbeat-hot-standby-primary");
        assertEquals(capturedHb.get("text"), hb.text());
        assertEquals(keys(capturedHb.get("arguments")), keys(hb.arguments()));
        Map<String, Object> args = (Map<String, Object>) hb.arguments();
        assertEquals(List.of("server1"), args.get("scopes"));
        assertEquals(0L, args.get("unsent-update-count"));
        assertTrue(((String) args.get("date-time")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
                + "\\d{2}:\\d{2}:\\d{2} GMT"));
    }

    @Test
    void commandTextsMatchKea() {
        HaNode s1 = net.start("server1", HotStandbyScenarioTest.config("server1"), "10.20.0.1");
        HaNode s2 = net.start("server2", HotStandbyScenarioTest.config("server2"), "10.20.0.2");
        net.advanceUntil(() -> s1.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY, 30_000, "HS");
        for (String[] c : new String[][] {{"25-ha-scopes-admin", "server1"}, {"26-ha-continue-admin", "server2"},
                {"15-ha-maintenance-start-admin", "server2"}, {"17-ha-maintenance-cancel-admin", "server2"},
                {"39-fake-ha-reset-to-kea", "server1"}}) {
            Map<String, Object> req = Captures.request(c[0]);
            HaNode target = c[1].equals("server1") ? s1 : s2;
            @SuppressWarnings("unchecked")
            ControlResult r = target.command((String) req.get("command"), (Map<String, Object>) req.get("arguments"));
            Map<String, Object> expected = Captures.answer(c[0]);
            assertEquals(expected.get("result"), (long) r.result(), c[0]);
            assertEquals(expected.get("text"), r.text(), c[0]);
            net.advance(100);
        }
        ControlResult notify = s1.command("ha-sync-complete-notify", null);
        assertEquals(Captures.answer("04-ha-sync-complete-notify").get("text"), notify.text());
        ControlResult unknown = s1.command("no-such-command", null);
        assertEquals(Captures.answer("28-unknown-command").get("text"), unknown.text());
    }
}
