package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The dedicated HA listener on this server's peer URL, spoken to over real HTTP on loopback. */
class HaListenerTest {
    @TempDir
    Path dir;
    private final VirtualTime time = new VirtualTime();
    private final List<HaNode> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        nodes.forEach(HaNode::close);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HaNode node(String configText) {
        HaNode n = new HaNode("server1", HaNode.config(configText, "server1"), time, p -> new ScriptedPeer(),
                "10.20.0.1", true).start();
        nodes.add(n);
        return n;
    }

    private static String hsConfig(int port, String selfExtra, String haExtra) {
        return HotStandbyScenarioTest.config("server1")
                .replace("\"url\": \"http://10.20.0.1:8001/\",", "\"url\": \"http://127.0.0.1:" + port + "/\","
                        + (selfExtra == null ? "" : selfExtra + ","))
                .replace("\"sync-page-limit\": 100,", "\"sync-page-limit\": 100," + (haExtra == null ? "" : haExtra
                        + ","));
    }

    private HttpResponse<String> post(String url, String body, String type, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes()));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(HttpResponse<String> r) {
        return (Map<String, Object>) ((List<Object>) InMemoryPeerClient.parse(r.body())).get(0);
    }

    @Test
    void answersPeerCommandsAsAJsonArrayAndRejectsWhatKeaRejects() throws Exception {
        int port = freePort();
        node(hsConfig(port, null, null));
        String url = "http://127.0.0.1:" + port + "/";
        HttpResponse<String> r = post(url, "{ \"command\": \"ha-heartbeat\", \"service\": [ \"dhcp4\" ] }",
                "application/json", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("["), r.body());
        assertEquals("HA peer status returned.", first(r).get("text"));
        assertEquals("waiting", ((Map<?, ?>) first(r).get("arguments")).get("state"));
        HttpResponse<String> charset = post(url, "{\"command\":\"ha-heartbeat\"}", "application/json; charset=utf-8",
                null);
        assertEquals(400, charset.statusCode());
        Object expected = InMemoryPeerClient.parse(Captures.response("29-http-400-content-type-with-charset"));
        Object actual = InMemoryPeerClient.parse(charset.body());
        assertEquals(expected, actual);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, get.statusCode());
        HttpResponse<String> unknown = post(url, Captures.body("28-unknown-command-request"), "application/json", null);
        assertEquals(Captures.answer("28-unknown-command"), first(unknown));
        HttpResponse<String> lease = post(url, "{\"command\": \"lease4-get-page\", \"arguments\": {\"from\": "
                + "\"start\", \"limit\": 10}}", "application/json", null);
        assertEquals(3L, first(lease).get("result"));
    }

    @Test
    void restrictCommandsLeavesOnlyWhatPeersNeed() throws Exception {
        int port = freePort();
        node(hsConfig(port, null, "\"restrict-commands\": true"));
        String url = "http://127.0.0.1:" + port + "/";
        assertEquals(0L, first(post(url, "{\"command\": \"ha-heartbeat\"}", "application/json", null)).get("result"));
        assertEquals(0L, first(post(url, "{\"command\": \"status-get\"}", "application/json", null)).get("result"));
        assertEquals(2L, first(post(url, "{\"command\": \"ha-scopes\", \"arguments\": {\"scopes\": []}}",
                "application/json", null)).get("result"), "admin commands need the control socket");
        assertEquals(2L, first(post(url, "{\"command\": \"lease4-wipe\"}", "application/json", null)).get("result"));
    }

    @Test
    void noDedicatedListenerWhenTheServersMultiThreadingIsOff() throws Exception {
        // Kea: HA multi-threading (and the dedicated listener) is silently off without the server's own; in Kea 2.2,
        // where that is the default, peers reach the server through a kea-ctrl-agent on this very address and port
        int port = freePort();
        String config = hsConfig(port, null, null).replaceFirst("\"enable-multi-threading\": true,",
                "\"enable-multi-threading\": false,");
        assertTrue(config.contains("\"http-dedicated-listener\": true"), config);
        node(config);
        String url = "http://127.0.0.1:" + port + "/";
        assertThrows(java.net.ConnectException.class, () -> post(url, "{\"command\": \"ha-heartbeat\"}",
                "application/json", null), "nothing listens on the peer URL");
        try (ServerSocket agent = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(port, agent.getLocalPort(), "a control agent can bind the peer URL's address and port");
        }
    }

    @Test
    void theListenerChecksThisServersOwnBasicAuthCredentials() throws Exception {
        int port = freePort();
        node(hsConfig(port, "\"basic-auth-user\": \"kea\", \"basic-auth-password\": \"s3cret\"", null));
        String url = "http://127.0.0.1:" + port + "/";
        assertEquals(401, post(url, "{\"command\": \"ha-heartbeat\"}", "application/json", null).statusCode());
        assertEquals(401, post(url, "{\"command\": \"ha-heartbeat\"}", "application/json", "kea:wrong").statusCode());
        assertEquals(200, post(url, "{\"command\": \"ha-heartbeat\"}", "application/json", "kea:s3cret")
                .statusCode());
    }

    @Test
    void eachRelationshipHasItsListenerAndCommandsWithoutServerNameGoToIt() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        String cfg = HaNode.resource("/seeds/zaldua1zerb1.json").replace("192.168.42.4:8001", "127.0.0.1:" + p1)
                .replace("192.168.4.4:8002", "127.0.0.1:" + p2);
        HaNode hub = node(cfg);
        assertEquals(2, hub.ha.listenerAddresses().size());
        hub.ha.setScopes("zaldua1zerb1-zaldua1", List.of("zaldua1zerb1-zaldua1"));
        Map<String, Object> a1 = first(post("http://127.0.0.1:" + p1 + "/", "{\"command\": \"ha-heartbeat\"}",
                "application/json", null));
        Map<String, Object> a2 = first(post("http://127.0.0.1:" + p2 + "/", "{\"command\": \"ha-heartbeat\"}",
                "application/json", null));
        assertEquals(List.of("zaldua1zerb1-zaldua1"), ((Map<?, ?>) a1.get("arguments")).get("scopes"));
        assertEquals(List.of(), ((Map<?, ?>) a2.get("arguments")).get("scopes"), "the second relationship answers");
    }

    @Test
    void tlsListenerDemandsAClientCertificateFromTheTrustAnchor() throws Exception {
        assumeTrue(openssl("version") == 0, "openssl is needed to make test certificates");
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        assertEquals(0, openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=ha-ca"));
        Path srv = issue("server", ca, caKey);
        Path cli = issue("client", ca, caKey);
        int port = freePort();
        String self = "\"trust-anchor\": \"" + ca + "\", \"cert-file\": \"" + srv + "\", \"key-file\": \""
                + dir.resolve("server.key") + "\"";
        node(hsConfig(port, self, null).replace("http://127.0.0.1:" + port, "https://127.0.0.1:" + port));
        String url = "https://127.0.0.1:" + port + "/";
        HttpClient good = HttpClient.newBuilder().sslContext(jdkContext(ca, cli, dir.resolve("client.key"))).build();
        HttpResponse<String> r = good.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"ha-heartbeat\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        HttpClient noCert = HttpClient.newBuilder().sslContext(jdkContext(ca, null, null)).build();
        assertThrows(IOException.class, () -> noCert.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private Path issue(String name, Path ca, Path caKey) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
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
