package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.ha.PeerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.leasehold.dhcp.ha.http.TestPeers.failure;
import static io.leasehold.dhcp.ha.http.TestPeers.ok;
import static io.leasehold.dhcp.ha.http.TestPeers.peer;
import static io.leasehold.dhcp.ha.http.TestPeers.relationship;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against Leasehold's own Kea-compatible command listener: round trips and basic authentication. */
class PeerClientCommandServerTest {
    @TempDir
    Path dir;

    private final CommandRegistry registry = new CommandRegistry();
    private final List<Command> received = new CopyOnWriteArrayList<>();
    private final NettyPeerClients clients = NettyPeerClients.create();
    private HttpCommandServer server;

    @AfterEach
    void stop() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private String start(Map<String, String> credentials) throws Exception {
        registry.register("ha-heartbeat", c -> {
            received.add(c);
            return ControlResult.success("HA peer status returned.", Map.of("state", "hot-standby",
                    "date-time", "Sun, 22 Nov 2026 00:35:47 GMT", "scopes", List.of("server1"),
                    "unsent-update-count", 0));
        });
        registry.register("lease4-update", c -> {
            received.add(c);
            return ControlResult.success("IPv4 lease updated.");
        });
        server = HttpCommandServer.builder(registry).address(new InetSocketAddress("127.0.0.1", 0))
                .credentials(credentials).build().start();
        return "http://127.0.0.1:" + server.localAddress().getPort() + "/";
    }

    private PeerClient client(HaPeer target) {
        return clients.client(relationship(target), target);
    }

    @Test
    void commandsRoundTrip() throws Exception {
        PeerClient c = client(peer(start(null)));
        ControlResult heartbeat = ok(c.send("ha-heartbeat", null, 10_000));
        assertEquals(new ControlResult(0, "HA peer status returned.", Map.of("state", "hot-standby",
                "date-time", "Sun, 22 Nov 2026 00:35:47 GMT", "scopes", List.of("server1"),
                "unsent-update-count", 0L)), heartbeat);
        Map<String, Object> lease = Map.of("ip-address", "192.0.2.10", "hw-address", "1a:1b:1c:1d:1e:1f",
                "subnet-id", 1, "valid-lft", 3600, "expire", 1795310931L, "force-create", true, "fqdn-fwd", false,
                "fqdn-rev", false, "hostname", "host-10", "state", 0);
        assertEquals(ControlResult.success("IPv4 lease updated."), ok(c.send("lease4-update", lease, 10_000)));
        ControlResult unknown = ok(c.send("lease4-get-page", Map.of("from", "start", "limit", 10), 10_000));
        assertEquals(new ControlResult(2, "'lease4-get-page' command not supported.", null), unknown,
                "result 2 is an answer; the caller decides");
        assertEquals(2, received.size());
        assertEquals(List.of("dhcp4"), received.get(0).service());
        assertEquals(Map.of(), received.get(0).arguments());
        assertEquals(Map.of("ip-address", "192.0.2.10", "hw-address", "1a:1b:1c:1d:1e:1f", "subnet-id", 1L,
                "valid-lft", 3600L, "expire", 1795310931L, "force-create", true, "fqdn-fwd", false, "fqdn-rev", false,
                "hostname", "host-10", "state", 0L), received.get(1).arguments());
    }

    @Test
    void basicAuthentication() throws Exception {
        String url = start(Map.of("leasehold", "s3cret"));
        assertEquals(0, ok(client(peer(url, "leasehold", "s3cret", null, HaTls.NONE))
                .send("ha-heartbeat", null, 10_000)).result());
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret\nignored second line\n");
        assertEquals(0, ok(client(peer(url, "leasehold", null, passwordFile.toString(), HaTls.NONE))
                .send("ha-heartbeat", null, 10_000)).result());
        String wrong = failure(client(peer(url, "leasehold", "guess", null, HaTls.NONE))
                .send("ha-heartbeat", null, 10_000)).getMessage();
        assertEquals("'ha-heartbeat' to partner (" + url + "): HTTP 401 Unauthorized, body is a single map, not a list "
                + "of answers (result 401, text 'Unauthorized')", wrong);
        assertTrue(failure(client(peer(url)).send("ha-heartbeat", null, 10_000)).getMessage()
                .contains("HTTP 401 Unauthorized"), "no credentials");
        assertEquals(2, received.size());
    }

    @Test
    void unreadablePasswordFileIsAConfigurationError() {
        HaPeer target = peer("http://127.0.0.1:9/", "leasehold", null, dir.resolve("missing").toString(), HaTls.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client(target));
        assertTrue(e.getMessage().startsWith("peer partner: cannot read basic-auth-password-file '"
                + dir.resolve("missing") + "'"), e.getMessage());
    }
}
