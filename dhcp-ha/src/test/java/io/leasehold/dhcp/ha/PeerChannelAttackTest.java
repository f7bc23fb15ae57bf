package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.TestCertificates;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.leasehold.dhcp.lease.HardwareAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HA peer channel under attack (issue #17, part 2), with seed 004's settings: mutual TLS with
 * {@code require-client-certs}, basic auth on the peer URL and {@code restrict-commands}. Two Leasehold servers on
 * loopback in hot-standby; every attack on the standby's listener is refused, changes no lease and no HA state, and
 * the real partners keep exchanging heartbeats and lease updates. Requests are made with curl (TLS as a real client
 * makes it), so the test skips without openssl or curl.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PeerChannelAttackTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static DhcpServer primary;
    private static DhcpServer standby;
    private static int standbyPort;

    private static String config(String self, int base) {
        return """
                { "Dhcp4": {
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "hooks-libraries": [ { "library": "/usr/lib/kea/hooks/libdhcp_lease_cmds.so" },
                      { "library": "/usr/lib/kea/hooks/libdhcp_ha.so", "parameters": { "high-availability": [ {
                        "this-server-name": "%1$s", "mode": "hot-standby", "heartbeat-delay": 500,
                        "max-response-delay": 5000, "restrict-commands": true, "require-client-certs": true,
                        "trust-anchor": "%3$s/CA.pem",
                        "peers": [
                          { "name": "server1", "url": "http://127.0.0.1:%2$d/", "role": "primary",
                            "cert-file": "%3$s/server1.pem", "key-file": "%3$s/server1.key",
                            "basic-auth-user": "server1", "basic-auth-password": "pw-server1" },
                          { "name": "server2", "url": "http://127.0.0.1:%4$d/", "role": "standby",
                            "cert-file": "%3$s/server2.pem", "key-file": "%3$s/server2.key",
                            "basic-auth-user": "server2", "basic-auth-password": "pw-server2" } ] } ] } } ],
                    "subnet4": [ { "id": 7, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
                """.formatted(self, base, dir, base + 1);
    }

    @BeforeAll
    static void pair() throws Exception {
        TestCertificates.assumeOpenssl(dir);
        assumeTrue(onPath("curl"), "curl is not installed (CI installs it)");
        certs = new TestCertificates(dir);
        certs.ca("CA");
        certs.ca("other-ca");
        certs.issue("server1", "CA", "127.0.0.1");
        certs.issue("server2", "CA", "127.0.0.1");
        certs.issue("intruder", "CA", "127.0.0.1");
        certs.issue("rogue", "other-ca", "127.0.0.1");
        certs.issueExpired("expired", "CA", "127.0.0.1");
        int base = 19300 + (int) (ProcessHandle.current().pid() % 400) * 2;
        standbyPort = base + 1;
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        primary = DhcpServer.builder().configText(config("server1", base)).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlSockets(false).build().start();
        standby = DhcpServer.builder().configText(config("server2", base)).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlSockets(false).build().start();
        awaitHotStandby(30);
    }

    @AfterAll
    static void close() {
        if (standby != null) {
            standby.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static HaExtension ha(DhcpServer s) {
        for (ServerExtension e : s.extensions()) {
            if (e instanceof HaExtension h) {
                return h;
            }
        }
        throw new AssertionError("no HA extension");
    }

    private static void awaitHotStandby(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while ((ha(primary).status().state() != HaState.HOT_STANDBY
                || ha(standby).status().state() != HaState.HOT_STANDBY) && System.nanoTime() < deadline) {
            Thread.sleep(50); // real heartbeats over real TLS: there is no virtual clock to move
        }
        assertEquals(HaState.HOT_STANDBY, ha(primary).status().state());
        assertEquals(HaState.HOT_STANDBY, ha(standby).status().state());
    }

    /** curl to the standby's listener; returns the HTTP status (000: no HTTP answer) and the body. */
    private static String[] curl(String scheme, String cert, String credentials, Path body) throws Exception {
        Path out = Files.createTempFile(dir, "curl", ".out");
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-m", "10", "-o", out.toString(), "-w",
                "%{http_code}", "--cacert", certs.file("CA.pem").toString(), "-H", "Content-Type: application/json",
                "--data-binary", "@" + body));
        if (cert != null) {
            cmd.addAll(List.of("--cert", certs.file(cert + ".pem").toString(), "--key", certs.key(cert).toString()));
        }
        if (credentials != null) {
            cmd.addAll(List.of("-u", credentials));
        }
        cmd.add(scheme + "://127.0.0.1:" + standbyPort + "/");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String[] {status, Files.readString(out, StandardCharsets.UTF_8)};
    }

    private static Path body(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static List<Lease4> leases(DhcpServer s) {
        return s.leaseStore().getPage(0, 10_000);
    }

    @Test
    void everyAttackIsRefusedAndThePartnersCarryOn() throws Exception {
        try (DhcpTestClient client = DhcpTestClient.relayTo(primary.localAddress())) {
            DhcpTestClient.Lease before = client.dora(HardwareAddress.parse("02:aa:00:00:00:01"));
            assertTrue(standby.leaseStore().get(before.address()).isPresent(), "lease update reached the standby");
        }
        List<Lease4> primaryLeases = leases(primary);
        List<Lease4> standbyLeases = leases(standby);
        String planted = """
                { "command": "lease4-update", "service": [ "dhcp4" ], "arguments": { "ip-address": "192.0.2.150",
                  "hw-address": "de:ad:be:ef:00:01", "subnet-id": 7, "valid-lft": 3600, "force-create": true } }""";
        Path lease = body("planted.json", planted);
        // a valid certificate and the right password reach the listener (the control case)
        String[] ok = curl("https", "server1", "server2:pw-server2", body("status.json",
                "{ \"command\": \"status-get\", \"service\": [ \"dhcp4\" ] }"));
        assertEquals("200", ok[0], ok[1]);

        assertEquals("000", curl("https", null, "server2:pw-server2", lease)[0], "no client certificate");
        assertEquals("000", curl("https", "rogue", "server2:pw-server2", lease)[0], "a certificate from another CA");
        assertEquals("000", curl("https", "expired", "server2:pw-server2", lease)[0], "an expired certificate");
        assertEquals("401", curl("https", "intruder", "server2:wrong", lease)[0], "wrong password");
        assertEquals("401", curl("https", "intruder", null, lease)[0], "no credentials");
        assertEquals("000", curl("http", null, "server2:pw-server2", lease)[0], "plain HTTP to a TLS listener");
        String[] notJson = curl("https", "server1", "server2:pw-server2", body("garbage.json", "{ not json"));
        assertTrue(!notJson[0].equals("200") || notJson[1].contains("\"result\": 1")
                || notJson[1].contains("\"result\":1"), "a non-JSON body: " + notJson[0] + " " + notJson[1]);
        String big = "{ \"command\": \"status-get\", \"arguments\": { \"x\": \"" + "a".repeat(10 << 20) + "\" } }";
        String[] huge = curl("https", "server1", "server2:pw-server2", body("huge.json", big));
        assertTrue(huge[0].equals("200") || huge[0].equals("413"), "a 10 MiB body: " + huge[0]);
        for (String forbidden : List.of("config-write", "shutdown", "lease4-wipe", "config-set")) {
            String[] r = curl("https", "server1", "server2:pw-server2", body(forbidden + ".json",
                    "{ \"command\": \"" + forbidden + "\", \"service\": [ \"dhcp4\" ], \"arguments\": {} }"));
            assertTrue(r[1].contains("not supported"), forbidden + " with restrict-commands: " + r[0] + " " + r[1]);
        }

        // 1,000 idle connections and a client sending its headers a byte at a time, while the partners go on
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(new Socket("127.0.0.1", standbyPort));
            }
            try (Socket slow = new Socket("127.0.0.1", standbyPort)) {
                OutputStream o = slow.getOutputStream();
                for (int i = 0; i < 20; i++) {
                    o.write(0x16); // the first bytes of a TLS record, one every 100 ms: never a handshake
                    o.flush();
                    Thread.sleep(100); // the attack itself: a byte at a time
                    assertEquals(HaState.HOT_STANDBY, ha(primary).status().state());
                }
            } catch (IOException cutOff) {
                // the listener may cut it off already
            }
            try (DhcpTestClient client = DhcpTestClient.relayTo(primary.localAddress())) {
                DhcpTestClient.Lease during = client.dora(HardwareAddress.parse("02:aa:00:00:00:02"));
                assertTrue(standby.leaseStore().get(during.address()).isPresent(),
                        "lease updates still reach the standby under 1,000 idle connections");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }

        assertEquals(HaState.HOT_STANDBY, ha(primary).status().state());
        assertEquals(HaState.HOT_STANDBY, ha(standby).status().state());
        assertFalse(standby.leaseStore().get(io.leasehold.dhcp.lease.Ipv4.parse("192.0.2.150")).isPresent(),
                "the planted lease reached the standby");
        assertFalse(primary.leaseStore().get(io.leasehold.dhcp.lease.Ipv4.parse("192.0.2.150")).isPresent());
        assertEquals(primaryLeases.size() + 1, leases(primary).size(), "only the real client's lease was added");
        assertEquals(standbyLeases.size() + 1, leases(standby).size());
    }
}
