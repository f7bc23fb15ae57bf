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
