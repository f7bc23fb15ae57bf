package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.testing.TestCertificates;
import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.TlsFiles;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.internal.HttpPeerClient;
import io.leasehold.dhcp.ha.http.internal.PeerEndpoint;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.leasehold.dhcp.ha.http.TestPeers.failure;
import static io.leasehold.dhcp.ha.http.TestPeers.ok;
import static io.leasehold.dhcp.ha.http.TestPeers.peer;
import static io.leasehold.dhcp.ha.http.TestPeers.relationship;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Mutual TLS against Leasehold's listener with {@code require-client-certs}, certificates made by openssl: the
 * chain is checked against the trust anchor like Kea does, the peer's IP only on request.
 */
class PeerClientTlsTest {
    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static HttpCommandServer server;
    /** Its certificate names 127.0.0.2, not the 127.0.0.1 it listens on. */
    private static HttpCommandServer misnamed;
    private static NettyPeerClients clients;

    @BeforeAll
    static void start() throws Exception {
        TestCertificates.assumeOpenssl(dir);
        certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.ca("other-ca");
        certs.issue("server", "ca", "127.0.0.1");
        certs.issue("server-misnamed", "ca", "127.0.0.2");
        certs.issue("client", "ca", "127.0.0.1");
        certs.issue("rogue", "other-ca", "127.0.0.1");
        CommandRegistry registry = new CommandRegistry();
        registry.register("ha-heartbeat", c -> {
            HANDLED.incrementAndGet();
            return ControlResult.success("HA peer status returned.", Map.of("state", "ready"));
        });
        server = listener(registry, "server");
        misnamed = listener(registry, "server-misnamed");
        clients = NettyPeerClients.create();
    }

    private static HttpCommandServer listener(CommandRegistry registry, String cert) throws Exception {
        return HttpCommandServer.builder(registry).address(new InetSocketAddress("127.0.0.1", 0))
                .credentials(Map.of("leasehold", "s3cret"))
                .tls(new TlsFiles(certs.file("ca.pem"), certs.file(cert + ".pem"), certs.key(cert), true)
                        .serverContext())
                .build().start();
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.close();
        }
        if (misnamed != null) {
            misnamed.close();
        }
    }

    private static String url(String scheme, HttpCommandServer s) {
        return scheme + "://127.0.0.1:" + s.localAddress().getPort() + "/";
    }

    private static HaTls tls(String anchor, String cert) {
        return new HaTls(certs.file(anchor + ".pem").toString(), certs.file(cert + ".pem").toString(),
                certs.key(cert).toString());
    }

    private static PeerClient client(NettyPeerClients factory, String url, HaTls tls) {
        HaPeer target = peer(url, "leasehold", "s3cret", null, HaTls.NONE);
        return factory.client(relationship(target, tls, HaMultiThreading.DEFAULTS), target);
    }

    @Test
    void mutualTlsWithBasicAuth() throws Exception {
        int before = HANDLED.get();
        PeerClient c = client(clients, url("https", server), tls("ca", "client"));
        for (int i = 0; i < 3; i++) {
            assertEquals(new ControlResult(0, "HA peer status returned.", Map.of("state", "ready")),
                    ok(c.send("ha-heartbeat", null, 10_000)));
        }
        assertEquals(before + 3, HANDLED.get());
    }

    @Test
    void peerLevelTlsFilesOverrideTheRelationship() throws Exception {
        HaPeer target = peer(url("https", server), "leasehold", "s3cret", null, tls("ca", "client"));
        PeerClient c = clients.client(relationship(target, tls("other-ca", "rogue"), HaMultiThreading.DEFAULTS),
                target);
        assertEquals(0, ok(c.send("ha-heartbeat", null, 10_000)).result());
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() {
        int before = HANDLED.get();
        PeerClient c = client(clients, url("https", server), new HaTls(certs.file("ca.pem").toString(),
                certs.file("rogue.pem").toString(), certs.key("rogue").toString()));
        String m = failure(c.send("ha-heartbeat", null, 10_000)).getMessage();
        assertTrue(m.startsWith("'ha-heartbeat' to partner (" + url("https", server) + "): "), m);
        assertTrue(m.contains("TLS"), m);
        assertEquals(before, HANDLED.get());
    }

    @Test
    void clientWithoutCertificateIsRefused() throws Exception {
        int before = HANDLED.get();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            InetSocketAddress address = server.localAddress();
            PeerEndpoint endpoint = new PeerEndpoint("partner", url("https", server), address, "127.0.0.1", null,
                    new TlsFiles(certs.file("ca.pem"), null, null, true).clientContext(), false);
            PeerClient c = new HttpPeerClient(endpoint, PeerClientSettings.DEFAULTS, 1, group.next(),
                    NioSocketChannel.class, null);
            String m = failure(c.send("ha-heartbeat", null, 10_000)).getMessage();
            assertTrue(m.contains("TLS"), m);
            c.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(before, HANDLED.get());
    }

    @Test
    void serverFromAnotherCaIsRefused() {
        PeerClient c = client(clients, url("https", server), tls("other-ca", "client"));
        String m = failure(c.send("ha-heartbeat", null, 10_000)).getMessage();
        assertTrue(m.startsWith("'ha-heartbeat' to partner (" + url("https", server) + "): TLS handshake failed: TLS "
                + "SSLHandshakeException: PKIX path building failed"), m);
    }

    @Test
    void certificateNamesAreCheckedOnlyOnRequest() throws Exception {
        // Like Kea: a certificate chaining to the trust anchor is enough, whatever address it names.
        assertEquals(0, ok(client(clients, url("https", misnamed), tls("ca", "client"))
                .send("ha-heartbeat", null, 10_000)).result());
        try (NettyPeerClients strict = NettyPeerClients.create(PeerClientSettings.builder().verifyPeerAddress(true)
                .build())) {
            String m = failure(client(strict, url("https", misnamed), tls("ca", "client"))
                    .send("ha-heartbeat", null, 10_000)).getMessage();
            assertTrue(m.contains("TLS handshake failed") && m.contains("127.0.0.1"), m);
            assertEquals(0, ok(client(strict, url("https", server), tls("ca", "client"))
                    .send("ha-heartbeat", null, 10_000)).result(), "the right IP subjectAltName passes");
        }
    }

    @Test
    void tlsFollowsTheTlsFilesNotTheSchemeLikeKea22() throws Exception {
        assertEquals(0, ok(client(clients, url("http", server), tls("ca", "client"))
                .send("ha-heartbeat", null, 10_000)).result());
    }

    @Test
    void configurationErrorsNameTheSetting() {
        IllegalArgumentException https = assertThrows(IllegalArgumentException.class,
                () -> client(clients, url("https", server), HaTls.NONE));
        assertEquals("peer partner: url '" + url("https", server) + "' is https but trust-anchor, cert-file and "
                + "key-file are not all set", https.getMessage());
        IllegalArgumentException files = assertThrows(IllegalArgumentException.class,
                () -> client(clients, url("https", server), new HaTls(dir.resolve("none.pem").toString(),
                        certs.file("client.pem").toString(), certs.key("client").toString())));
        assertTrue(files.getMessage().startsWith("peer partner: bad TLS settings (trust-anchor '"
                + dir.resolve("none.pem") + "'"), files.getMessage());
    }
}
