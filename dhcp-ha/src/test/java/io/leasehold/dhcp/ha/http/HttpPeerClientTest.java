package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.ScriptedPeer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.leasehold.dhcp.ha.http.TestPeers.awaitNoConnections;
import static io.leasehold.dhcp.ha.http.TestPeers.failure;
import static io.leasehold.dhcp.ha.http.TestPeers.ok;
import static io.leasehold.dhcp.ha.http.TestPeers.openConnections;
import static io.leasehold.dhcp.ha.http.TestPeers.peer;
import static io.leasehold.dhcp.ha.http.TestPeers.relationship;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a scripted fake peer: pooling, keep-alive, timeouts, reconnects and bad answers. */
class HttpPeerClientTest {
    private static final String HEARTBEAT_ANSWER = "[ { \"arguments\": { \"date-time\": \"Sun, 22 Nov 2026 00:35:47 GMT\","
            + " \"scopes\": [  ], \"state\": \"waiting\", \"unsent-update-count\": 0 }, \"result\": 0,"
            + " \"text\": \"HA peer status returned.\" } ]";

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ScriptedPeer fake(ScriptedPeer.Script script) throws Exception {
        ScriptedPeer p = new ScriptedPeer(script);
        closeables.add(p);
        return p;
    }

    private PeerClient client(ScriptedPeer peer, PeerClientSettings settings) {
        NettyPeerClients clients = NettyPeerClients.create(settings);
        closeables.add(clients);
        return clients.client(relationship(peer(peer.url())), peer(peer.url()));
    }

    private PeerClient client(ScriptedPeer peer) {
        return client(peer, PeerClientSettings.DEFAULTS);
    }

    private static PeerClientSettings.Builder settings() {
        return PeerClientSettings.builder();
    }

    @Test
    void heartbeatRoundTrip() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.ok(HEARTBEAT_ANSWER));
        ControlResult r = ok(client(peer).send("ha-heartbeat", null, 10_000));
        assertEquals(0, r.result());
        assertEquals("HA peer status returned.", r.text());
        assertEquals(Map.of("date-time", "Sun, 22 Nov 2026 00:35:47 GMT", "scopes", List.of(), "state", "waiting",
                "unsent-update-count", 0L), r.arguments());
        ScriptedPeer.Request req = peer.requests().get(0);
        assertEquals("POST / HTTP/1.1", req.requestLine());
        assertEquals("{ \"command\": \"ha-heartbeat\", \"service\": [ \"dhcp4\" ] }", req.bodyText());
    }

    @Test
    void sequentialRequestsReuseOneConnection() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0, \"text\": \"n" + i + "\"}]"));
        PeerClient c = client(peer);
        for (int i = 0; i < 20; i++) {
            assertEquals("n" + i, ok(c.send("ha-heartbeat", null, 10_000)).text());
        }
        assertEquals(1, peer.accepted());
        assertEquals(20, peer.requests().size());
        assertTrue(peer.requests().stream().allMatch(r -> r.connection() == 1));
    }

    @Test
    void concurrentRequestsStayWithinThePoolLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(2);
        ScriptedPeer peer = fake((r, i) -> {
            arrived.countDown();
            return Reply.ok("[{\"result\": 0, \"text\": \"" + r.bodyText().length() + "\"}]").after(release);
        });
        PeerClient c = client(peer, settings().maxConnections(2).build());
        List<CompletableFuture<ControlResult>> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(c.send("lease4-update", Map.of("ip-address", "192.0.2." + (i + 1)), 10_000));
        }
        assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS), "two requests reached the peer");
        assertEquals(2, openConnections(c));
        release.countDown();
        for (CompletableFuture<ControlResult> f : sent) {
            assertEquals(0, ok(f).result());
        }
        assertEquals(2, peer.accepted());
        assertEquals(2, peer.maxConcurrent());
        assertEquals(6, peer.requests().size());
    }

    @Test
    void poolSizeComesFromHttpClientThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(3);
        ScriptedPeer peer = fake((r, i) -> {
            arrived.countDown();
            return Reply.ok("[{\"result\": 0}]").after(release);
        });
        NettyPeerClients clients = NettyPeerClients.create();
        closeables.add(clients);
        var partner = peer(peer.url());
        PeerClient c = clients.client(relationship(partner, io.leasehold.dhcp.config.HaTls.NONE,
                new io.leasehold.dhcp.config.HaMultiThreading(true, true, 0, 3)), partner);
        List<CompletableFuture<ControlResult>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(c.send("ha-heartbeat", null, 10_000));
        }
        assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS));
        release.countDown();
        for (CompletableFuture<ControlResult> f : sent) {
            ok(f);
        }
        assertEquals(3, peer.accepted());
        assertEquals(3, peer.maxConcurrent());
        PeerClient single = clients.client(relationship(partner, io.leasehold.dhcp.config.HaTls.NONE,
                new io.leasehold.dhcp.config.HaMultiThreading(false, false, 0, 0)), partner);
        assertEquals("HttpPeerClient{partner (" + peer.url() + "), maxConnections=1}", single.toString());
    }

    @Test
    void timeoutFailsTheRequestAndDropsItsConnection() throws Exception {
        ScriptedPeer peer = fake((r, i) -> i == 0 ? Reply.silence() : Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer);
        long start = System.nanoTime();
        PeerClient.PeerException e = failure(c.send("ha-heartbeat", null, 300));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("'ha-heartbeat' to partner (" + peer.url() + "): timeout after 300 ms waiting for the answer",
                e.getMessage());
        assertTrue(tookMillis >= 290 && tookMillis < 5000, "took " + tookMillis + " ms");
        // The late answer could not be matched any more: the next request goes over a new connection.
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(2, peer.accepted());
    }

    @Test
    void timeoutWhileWaitingForAConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        ScriptedPeer peer = fake((r, i) -> {
            arrived.countDown();
            return Reply.ok("[{\"result\": 0}]").after(release);
        });
        PeerClient c = client(peer, settings().maxConnections(1).build());
        CompletableFuture<ControlResult> first = c.send("lease4-get-page", Map.of("from", "start", "limit", 10), 10_000);
        assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS));
        PeerClient.PeerException e = failure(c.send("ha-heartbeat", null, 100));
        assertTrue(e.getMessage().endsWith("timeout after 100 ms waiting for a connection"), e.getMessage());
        release.countDown();
        assertEquals(0, ok(first).result());
        assertEquals(1, peer.requests().size(), "the timed-out request was never sent");
    }

    @Test
    void reconnectsAfterThePeerClosedAnIdleConnection() throws Exception {
        // Kea's listener closes keep-alive connections idle for 30 s; here the peer closes right after answering.
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0, \"text\": \"" + i + "\"}]").thenClose());
        PeerClient c = client(peer);
        assertEquals("0", ok(c.send("ha-heartbeat", null, 10_000)).text());
        awaitNoConnections(c);
        assertEquals("1", ok(c.send("ha-heartbeat", null, 10_000)).text());
        awaitNoConnections(c);
        assertEquals("2", ok(c.send("ha-heartbeat", null, 10_000)).text());
        assertEquals(3, peer.accepted());
        assertEquals(3, peer.requests().size());
    }

    @Test
    void closesItsOwnIdleConnections() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer, settings().idleTimeoutMillis(100).build());
        ok(c.send("ha-heartbeat", null, 10_000));
        awaitNoConnections(c);
        ok(c.send("ha-heartbeat", null, 10_000));
        assertEquals(2, peer.accepted());
    }

    @Test
    void connectionClosedAfterTheRequestWasWrittenIsNotRetried() throws Exception {
        ScriptedPeer peer = fake((r, i) -> i == 0 ? Reply.close() : Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer);
        PeerClient.PeerException e = failure(c.send("lease4-update", Map.of("ip-address", "192.0.2.1"), 10_000));
        assertEquals("'lease4-update' to partner (" + peer.url() + "): connection closed before the answer",
                e.getMessage());
        assertEquals(1, peer.requests().size(), "a written request is never sent twice");
        assertEquals(0, ok(c.send("lease4-update", Map.of("ip-address", "192.0.2.1"), 10_000)).result());
        assertEquals(2, peer.requests().size());
    }

    @Test
    void connectionCloseAnswerIsReadAndNotReused() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.raw("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 15\r\n"
                + "\r\n[{\"result\": 3}]", true));
        PeerClient c = client(peer);
        assertEquals(3, ok(c.send("lease4-del", Map.of("ip-address", "192.0.2.9"), 10_000)).result());
        assertEquals(3, ok(c.send("lease4-del", Map.of("ip-address", "192.0.2.9"), 10_000)).result());
        assertEquals(2, peer.accepted());
    }

    @Test
    void chunkedAnswerIsAcceptedAndTheConnectionKept() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n5\r\n[{\"re\r\na\r\nsult\": 0}]\r\n0\r\n\r\n", false));
        PeerClient c = client(peer);
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(1, peer.accepted());
    }

    @Test
    void informationalAnswersAreSkipped() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                + "Content-Length: 15\r\n\r\n[{\"result\": 0}]", false));
        PeerClient c = client(peer);
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(1, peer.accepted());
    }

    @Test
    void answerDelimitedByTheCloseIsAccepted() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
                + "[{\"result\": 0, \"text\": \"no length\"}]", true));
        PeerClient c = client(peer);
        assertEquals("no length", ok(c.send("ha-heartbeat", null, 10_000)).text());
        assertEquals("no length", ok(c.send("ha-heartbeat", null, 10_000)).text());
        assertEquals(2, peer.accepted());
    }

    @Test
    void bareMapAnswersAreFailuresLikeInKea() throws Exception {
        ScriptedPeer peer = fake((r, i) -> switch (i) {
            case 0 -> Reply.ok("{\"result\": 0, \"text\": \"HA peer status returned.\"}");
            case 1 -> Reply.status(401, "Unauthorized", "{ \"result\": 401, \"text\": \"Unauthorized\" }");
            default -> Reply.status(403, "Forbidden", "{ \"result\": 403, \"text\": \"Forbidden\" }");
        });
        PeerClient c = client(peer);
        String prefix = "'ha-heartbeat' to partner (" + peer.url() + "): ";
        assertEquals(prefix + "body is a single map, not a list of answers (result 0, text 'HA peer status returned.')",
                failure(c.send("ha-heartbeat", null, 10_000)).getMessage());
        assertEquals(prefix + "HTTP 401 Unauthorized, body is a single map, not a list of answers (result 401, text "
                + "'Unauthorized')", failure(c.send("ha-heartbeat", null, 10_000)).getMessage());
        assertTrue(failure(c.send("ha-heartbeat", null, 10_000)).getMessage().contains("HTTP 403 Forbidden"));
        assertEquals(1, peer.accepted(), "answers with Content-Length keep the connection usable");
    }

    @Test
    void statusIsNotWhatMattersButTheBodyIs() throws Exception {
        ScriptedPeer peer = fake((r, i) -> switch (i) {
            case 0 -> Reply.status(500, "Internal Server Error", "[{\"result\": 1, \"text\": \"boom\"}]");
            case 1 -> answer("503 Service Unavailable", "Content-Type: text/html\r\n", "<html>busy</html>");
            case 2 -> Reply.ok("[]");
            case 3 -> Reply.ok("[\"x\"]");
            case 4 -> Reply.ok("[{\"text\": \"no result\"}]");
            case 5 -> Reply.ok("[{\"result\": \"0\"}]");
            case 6 -> Reply.ok("[{\"result\": 0}] trailing");
            case 7 -> answer("200 OK", "Content-Type: application/json; charset=utf-8\r\nServer: other\r\n",
                    "[{\"result\": 3, \"arguments\": {\"leases\": []}}]");
            default -> Reply.ok("42");
        });
        PeerClient c = client(peer);
        String prefix = "'lease4-get-page' to partner (" + peer.url() + "): ";
        Map<String, Object> args = Map.of("from", "start", "limit", 100);
        assertEquals(new ControlResult(1, "boom", null), ok(c.send("lease4-get-page", args, 10_000)));
        String html = failure(c.send("lease4-get-page", args, 10_000)).getMessage();
        assertTrue(html.startsWith(prefix + "HTTP 503 Service Unavailable, body is not JSON (Unexpected character "
                + "('<'"), html);
        assertTrue(html.endsWith("): '<html>busy</html>'"), html);
        assertEquals(prefix + "the list of answers is empty", failure(c.send("lease4-get-page", args, 10_000))
                .getMessage());
        assertEquals(prefix + "the first answer is not a map: '[\"x\"]'",
                failure(c.send("lease4-get-page", args, 10_000)).getMessage());
        assertEquals(prefix + "the answer has no 'result': '[{\"text\": \"no result\"}]'",
                failure(c.send("lease4-get-page", args, 10_000)).getMessage());
        assertEquals(prefix + "'result' is not an integer: \"0\"",
                failure(c.send("lease4-get-page", args, 10_000)).getMessage());
        assertTrue(failure(c.send("lease4-get-page", args, 10_000)).getMessage()
                .startsWith(prefix + "body is not JSON"));
        assertEquals(new ControlResult(3, null, Map.of("leases", List.of())),
                ok(c.send("lease4-get-page", args, 10_000)));
        assertEquals(prefix + "body must be a JSON list of answers: '42'",
                failure(c.send("lease4-get-page", args, 10_000)).getMessage());
        assertEquals(1, peer.accepted());
    }

    private static Reply answer(String status, String headers, String body) {
        return Reply.raw("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: "
                + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body, false);
    }

    @Test
    void answersLargerThanTheLimitFail() throws Exception {
        String big = "[{\"result\": 0, \"text\": \"" + "x".repeat(4000) + "\"}]";
        ScriptedPeer peer = fake((r, i) -> i == 0 ? Reply.ok(big) : Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer, settings().maxResponseBytes(1024).build());
        assertEquals("'lease4-get-page' to partner (" + peer.url() + "): answer larger than maxResponseBytes (1024 "
                + "bytes)", failure(c.send("lease4-get-page", null, 10_000)).getMessage());
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        assertEquals(2, peer.accepted());
    }

    @Test
    void malformedHttpFails() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.raw("SMTP ready\r\n\r\n", false));
        PeerClient.PeerException e = failure(client(peer).send("ha-heartbeat", null, 10_000));
        assertTrue(e.getMessage().startsWith("'ha-heartbeat' to partner (" + peer.url() + "): "), e.getMessage());
    }

    @Test
    void connectionRefusedFailsEveryWaitingRequest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        NettyPeerClients clients = NettyPeerClients.create(settings().maxConnections(1).build());
        closeables.add(clients);
        PeerClient c = clients.client(relationship(peer(url)), peer(url));
        CompletableFuture<ControlResult> a = c.send("ha-heartbeat", null, 10_000);
        CompletableFuture<ControlResult> b = c.send("lease4-update", Map.of(), 10_000);
        PeerClient.PeerException e = failure(a);
        assertTrue(e.getMessage().startsWith("'ha-heartbeat' to partner (" + url + "): cannot connect: Connection "
                + "refused"), e.getMessage());
        assertTrue(failure(b).getMessage().startsWith("'lease4-update' to partner (" + url + "): cannot connect"));
        assertEquals(0, openConnections(c));
    }

    @Test
    void connectTimeout() throws Exception {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs.
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            List<java.net.Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                    } catch (java.io.IOException e) {
                        break;
                    }
                    fillers.add(s);
                }
                String url = "http://127.0.0.1:" + full.getLocalPort() + "/";
                NettyPeerClients clients = NettyPeerClients.create(settings().connectTimeoutMillis(300).build());
                closeables.add(clients);
                PeerClient c = clients.client(relationship(peer(url)), peer(url));
                long start = System.nanoTime();
                PeerClient.PeerException e = failure(c.send("ha-heartbeat", null, 10_000));
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(e.getMessage().startsWith("'ha-heartbeat' to partner (" + url + "): cannot connect: "
                        + "connection timed out"), e.getMessage());
                assertTrue(tookMillis < 5000, "took " + tookMillis + " ms");
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void waitingQueueIsBounded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch arrived = new CountDownLatch(1);
        ScriptedPeer peer = fake((r, i) -> {
            arrived.countDown();
            return Reply.ok("[{\"result\": 0}]").after(release);
        });
        PeerClient c = client(peer, settings().maxConnections(1).maxPendingRequests(2).build());
        CompletableFuture<ControlResult> first = c.send("ha-heartbeat", null, 10_000);
        assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS));
        CompletableFuture<ControlResult> second = c.send("ha-heartbeat", null, 10_000);
        CompletableFuture<ControlResult> third = c.send("ha-heartbeat", null, 10_000);
        assertEquals("'ha-heartbeat' to partner (" + peer.url() + "): too many requests waiting for a connection "
                + "(maxPendingRequests 2)", failure(c.send("ha-heartbeat", null, 10_000)).getMessage());
        release.countDown();
        ok(first);
        ok(second);
        ok(third);
        assertEquals(3, peer.requests().size());
    }

    @Test
    void closeFailsPendingRequestsAndLaterSends() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        ScriptedPeer peer = fake((r, i) -> {
            arrived.countDown();
            return Reply.silence();
        });
        PeerClient c = client(peer, settings().maxConnections(1).build());
        CompletableFuture<ControlResult> inFlight = c.send("ha-heartbeat", null, 10_000);
        assertTrue(arrived.await(10, java.util.concurrent.TimeUnit.SECONDS));
        CompletableFuture<ControlResult> queued = c.send("ha-heartbeat", null, 10_000);
        c.close();
        String prefix = "'ha-heartbeat' to partner (" + peer.url() + "): ";
        assertEquals(prefix + "client closed", failure(inFlight).getMessage());
        assertEquals(prefix + "client closed", failure(queued).getMessage());
        assertEquals(prefix + "client closed", failure(c.send("ha-heartbeat", null, 10_000)).getMessage());
    }

    @Test
    void factoryCloseClosesItsClients() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.silence());
        NettyPeerClients clients = NettyPeerClients.create();
        PeerClient c = clients.client(relationship(peer(peer.url())), peer(peer.url()));
        CompletableFuture<ControlResult> pending = c.send("ha-heartbeat", null, 10_000);
        clients.close();
        String m = failure(pending).getMessage();
        assertTrue(m.endsWith("client closed"), m);
        assertTrue(failure(c.send("ha-heartbeat", null, 10_000)).getMessage().contains("client closed"));
        assertThrows(IllegalStateException.class, () -> clients.client(relationship(peer(peer.url())),
                peer(peer.url())));
    }

    @Test
    void programmingErrorsThrowAtOnce() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer);
        assertThrows(NullPointerException.class, () -> c.send(null, null, 1000));
        assertEquals("timeoutMillis must be positive, was 0",
                assertThrows(IllegalArgumentException.class, () -> c.send("ha-heartbeat", null, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> c.send("lease4-update", Map.of("when", new Object()), 1000)).getMessage()
                .startsWith("arguments of command 'lease4-update': not a JSON value"));
        assertEquals(0, peer.requests().size());
    }

    @Test
    void answersCanBeDeliveredOnAnExecutor() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "peer-callbacks"));
        closeables.add(callbacks::shutdownNow);
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0}]"));
        PeerClient c = client(peer, settings().callbackExecutor(callbacks).build());
        assertEquals("peer-callbacks", c.send("ha-heartbeat", null, 10_000)
                .thenApply(r -> Thread.currentThread().getName()).get(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void nioTransportWorksToo() throws Exception {
        ScriptedPeer peer = fake((r, i) -> Reply.ok("[{\"result\": 0}]"));
        NettyPeerClients nio = NettyPeerClients.create(settings().nativeTransport(false).build());
        closeables.add(nio);
        assertEquals("nio", nio.transport());
        PeerClient c = nio.client(relationship(peer(peer.url())), peer(peer.url()));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
        }
        assertEquals(1, peer.accepted());
        NettyPeerClients auto = NettyPeerClients.create();
        closeables.add(auto);
        assertEquals(io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio", auto.transport());
    }

    @Test
    void settingsAreCheckedAndNamed() {
        assertEquals("maxConnections must be between 0 and 256, was -1", assertThrows(IllegalArgumentException.class,
                () -> settings().maxConnections(-1)).getMessage());
        assertEquals("maxResponseBytes must be between 1024 and 2147483647, was 10",
                assertThrows(IllegalArgumentException.class, () -> settings().maxResponseBytes(10)).getMessage());
        assertEquals("connectTimeoutMillis must be between 1 and 600000, was 0",
                assertThrows(IllegalArgumentException.class, () -> settings().connectTimeoutMillis(0)).getMessage());
        assertEquals(64 << 20, PeerClientSettings.DEFAULTS.maxResponseBytes());
        assertEquals(0, PeerClientSettings.DEFAULTS.maxConnections());
    }
}
