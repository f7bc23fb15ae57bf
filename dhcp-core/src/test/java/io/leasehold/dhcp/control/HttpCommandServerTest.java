package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
            assertTrue(ok.body().contains("\"result\":0"));
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
        assumeTrue(openssl("version") == 0, "openssl is needed to make test certificates");
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        assertEquals(0, openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=test-ca"));
        Path srvCert = issue("server", ca, caKey, "127.0.0.1");
        Path cliCert = issue("client", ca, caKey, "127.0.0.1");
        TlsFiles serverTls = new TlsFiles(ca, srvCert, dir.resolve("server.key"), true);
        try (HttpCommandServer s = server().tls(serverTls.serverContext()).build().start()) {
            String url = "https://127.0.0.1:" + s.localAddress().getPort() + "/";
            HttpClient good = HttpClient.newBuilder().sslContext(jdkContext(ca, cliCert, dir.resolve("client.key")))
                    .build();
            HttpResponse<String> r = post(good, url, "{\"command\": \"version-get\"}", "application/json", null);
            assertEquals(200, r.statusCode());
            HttpClient noCert = HttpClient.newBuilder().sslContext(jdkContext(ca, null, null)).build();
            assertThrows(IOException.class,
                    () -> post(noCert, url, "{\"command\": \"version-get\"}", "application/json", null));
        }
    }

    private Path issue(String name, Path ca, Path caKey, String ip) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:" + ip + "\n");
        assertEquals(0, openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
        assertEquals(0, openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
                caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile",
                ext.toString()));
        return cert;
    }

    private SSLContext jdkContext(Path ca, Path cert, Path key) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (cert != null) {
            Path p12 = dir.resolve("client.p12");
            assertEquals(0, openssl("pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out",
                    p12.toString(), "-passout", "pass:pw"));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "pw".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private int openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
