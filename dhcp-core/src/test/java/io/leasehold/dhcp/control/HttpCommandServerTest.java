package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HttpCommandServerTest {
    @TempDir
    Path dir;

    private final CommandRegistry registry = new CommandRegistry();

    private HttpCommandServer.Builder server() {
        registry.register("version-get", c -> ControlResult.success("0.1.0"));
        return HttpCommandServer.builder(registry).address(new InetSocketAddress("127.0.0.1", 0));
    }

    private static HttpResponse<String> post(HttpClient client, String url, String body, String type, String auth)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes()));
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersAreJsonArraysLikeKeasAgent() throws Exception {
        try (HttpCommandServer s = server().build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> r = post(c, url, "{\"command\": \"version-get\", \"service\": [\"dhcp4\"]}",
                    "application/json", null);
            assertEquals(200, r.statusCode());
            assertEquals(List.of(Map.of("result", 0L, "text", "0.1.0")), Json.parse(r.body()));
            r = post(c, url, "{\"command\": \"nope\"}", "application/json", null);
            assertEquals(List.of(Map.of("result", 2L, "text", "'nope' command not supported.")), Json.parse(r.body()));
        }
    }

    @Test
    void commandsRunAtTheListenersThreadPriority() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        registry.register("priority-get", c -> {
            seen.set(Thread.currentThread().getPriority());
            return ControlResult.success("ok");
        });
        try (HttpCommandServer s = server().threadPriority(Thread.MAX_PRIORITY).build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            assertEquals(200, post(HttpClient.newHttpClient(), url, "{\"command\": \"priority-get\"}",
                    "application/json", null).statusCode());
            assertEquals(Thread.MAX_PRIORITY, seen.get(), "an HA peer listener's commands run at its priority");
        }
        try (HttpCommandServer s = server().build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            post(HttpClient.newHttpClient(), url, "{\"command\": \"priority-get\"}", "application/json", null);
            assertEquals(Thread.NORM_PRIORITY, seen.get(), "normal by default");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server().threadPriority(11));
        assertTrue(e.getMessage().contains("threadPriority"), e.getMessage());
    }

    @Test
    void closeClosesKeepAliveConnectionsSoPeersSeeItAtOnce() throws Exception {
        // An HA partner keeps a connection to this listener for its heartbeats and opens new ones when the server
        // drops one. When the server is closed (an embedder stopping it, a test stopping one peer of a pair), every
        // connection must end, as when a process dies: otherwise the partner's next request waits for its whole
        // timeout before the failure is seen. Connections come and go first (file descriptors get reused).
        HttpCommandServer s = server().build().start();
        List<java.net.Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                java.net.Socket peer = connectAndAsk(s);
                if (i % 2 == 0) {
                    peer.close(); // the peer drops it
                } else {
                    open.add(peer);
                }
            }
            assertTrue(s.openConnections() >= 1, "connections are kept alive");
            long start = System.nanoTime();
            s.close();
            for (java.net.Socket peer : open) {
                int next; // EOF or a reset within the read timeout, not a hang
                try {
                    next = peer.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    next = -1;
                }
                assertEquals(-1, next, "the closed server's connection ended");
            }
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "ended promptly");
        } finally {
            s.close();
            for (java.net.Socket peer : open) {
                peer.close();
            }
        }
    }

    /** A connection that asked version-get and read the whole answer (kept alive by the server). */
    private static java.net.Socket connectAndAsk(HttpCommandServer s) throws IOException {
        java.net.Socket peer = new java.net.Socket();
        peer.connect(s.localAddress(), 5_000);
        peer.setSoTimeout(5_000);
        byte[] body = "{\"command\": \"version-get\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        peer.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        peer.getOutputStream().write(body);
        peer.getOutputStream().flush();
        java.io.InputStream in = peer.getInputStream();
        StringBuilder answer = new StringBuilder();
        while (!answer.toString().contains("0.1.0") || answer.charAt(answer.length() - 1) != ']') {
            int c = in.read();
            assertTrue(c >= 0, "answer cut short: " + answer);
            answer.append((char) c);
        }
        return peer;
    }

    @Test
    void wrongMethodOrContentTypeIsKeasBareBadRequest() throws Exception {
        try (HttpCommandServer s = server().build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals(Map.of("result", 400L, "text", "Bad Request"), Json.parse(r.body()));
            r = post(c, url, "{\"command\": \"version-get\"}", "application/json; charset=utf-8", null);
            assertEquals(400, r.statusCode());
        }
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        try (HttpCommandServer s = server().maxBodyBytes(1024).build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpResponse<String> r = post(HttpClient.newHttpClient(), url,
                    "{\"command\": \"version-get\", \"x\": \"" + "a".repeat(5000) + "\"}", "application/json", null);
            assertEquals(413, r.statusCode());
        }
    }

    @Test
    void basicAuthenticationIsEnforcedWhenConfigured() throws Exception {
        try (HttpCommandServer s = server().credentials(Map.of("admin", "s3cret")).build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpClient c = HttpClient.newHttpClient();
            assertEquals(401, post(c, url, "{\"command\": \"version-get\"}", "application/json", null).statusCode());
            assertEquals(401, post(c, url, "{\"command\": \"version-get\"}", "application/json", "admin:wrong")
                    .statusCode());
            HttpResponse<String> ok = post(c, url, "{\"command\": \"version-get\"}", "application/json", "admin:s3cret");
            assertEquals(200, ok.statusCode());
            assertTrue(ok.body().contains("\"result\": 0"));
        }
    }

    @Test
    void getHandlersServeTextPaths() throws Exception {
        try (HttpCommandServer s = server().getHandlers(Map.of("/metrics", () -> "x 1\n")).build().start()) {
            String url = "http://127.0.0.1:" + s.localAddress().getPort() + "/metrics";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("x 1\n", r.body());
        }
    }

    @Test
    void mutualTlsAcceptsOnlyClientsWithACertificateFromTheAnchor() throws Exception {
        assumeTrue(TestCertificates.available(dir), "openssl is needed to make test certificates");
        TestCertificates certs = TestCertificates.create(dir);
        TlsFiles serverTls = new TlsFiles(certs.ca(), certs.serverCert(), certs.serverKey(), true);
        try (HttpCommandServer s = server().tls(serverTls.serverContext()).build().start()) {
            String url = "https://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpClient good = HttpClient.newBuilder().sslContext(certs.clientContext(true)).build();
            HttpResponse<String> r = post(good, url, "{\"command\": \"version-get\"}", "application/json", null);
            assertEquals(200, r.statusCode());
            HttpClient noCert = HttpClient.newBuilder().sslContext(certs.clientContext(false)).build();
            assertThrows(IOException.class,
                    () -> post(noCert, url, "{\"command\": \"version-get\"}", "application/json", null));
        }
    }
}
