package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.testing.TestCertificates;
import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.leasehold.dhcp.ha.http.TestPeers.failure;
import static io.leasehold.dhcp.ha.http.TestPeers.ok;
import static io.leasehold.dhcp.ha.http.TestPeers.openConnections;
import static io.leasehold.dhcp.ha.http.TestPeers.peer;
import static io.leasehold.dhcp.ha.http.TestPeers.relationship;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Smoke test against a real Kea (kea-dhcp4 with libdhcp_ha + libdhcp_lease_cmds, HA+MT dedicated listener on a
 * loopback address): the commands an HA partner sends, over plain HTTP and over mutual TLS with OpenSSL on Kea's
 * side. Skips when Kea, its hooks or root are missing.
 */
class KeaInteropTest {
    private static final Set<String> HA_STATES = Set.of("backup", "communication-recovery", "hot-standby",
            "load-balancing", "in-maintenance", "partner-down", "partner-in-maintenance", "passive-backup", "ready",
            "syncing", "terminated", "waiting");

    @TempDir
    Path dir;

    private static String config(Path hooks, String scheme, String address, int keaPort, int ourPort, String tls) {
        return """
                {
                  "Dhcp4": {
                    "interfaces-config": { "interfaces": [] },
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2,
                                         "packet-queue-size": 16 },
                    "valid-lifetime": 3600,
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ],
                    "hooks-libraries": [
                      { "library": "%1$s/libdhcp_lease_cmds.so" },
                      { "library": "%1$s/libdhcp_ha.so",
                        "parameters": { "high-availability": [ {
                          "this-server-name": "kea",
                          "mode": "hot-standby",
                          "max-unacked-clients": 0,
                          %6$s
                          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                                               "http-listener-threads": 1, "http-client-threads": 1 },
                          "peers": [
                            { "name": "kea", "url": "%2$s://%3$s:%4$d/", "role": "primary" },
                            { "name": "leasehold", "url": "%2$s://%3$s:%5$d/", "role": "standby" }
                          ] } ] } }
                    ],
                    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ],
                                   "severity": "INFO" } ]
                  }
                }
                """.formatted(hooks, scheme, address, keaPort, ourPort, tls);
    }

    @Test
    void haCommandsOverPlainHttp() throws Exception {
        Path hooks = KeaProcess.assumeKeaAvailable();
        String address = KeaProcess.loopbackAddress();
        int keaPort = KeaProcess.freePort(address);
        String url = "http://" + address + ":" + keaPort + "/";
        try (KeaProcess kea = KeaProcess.start(dir, config(hooks, "http", address, keaPort, keaPort + 1, ""),
                address, keaPort);
             NettyPeerClients clients = NettyPeerClients.create()) {
            HaPeer target = peer(url);
            PeerClient c = clients.client(relationship(target), target);
            exchange(c, kea);
            assertEquals(1, openConnections(c), "every command went over one keep-alive connection");
        }
    }

    @Test
    void haCommandsOverMutualTls() throws Exception {
        Path hooks = KeaProcess.assumeKeaAvailable();
        TestCertificates.assumeOpenssl(dir);
        String address = KeaProcess.loopbackAddress();
        int keaPort = KeaProcess.freePort(address);
        TestCertificates certs = new TestCertificates(dir);
        certs.ca("ca");
        certs.ca("other-ca");
        certs.issue("kea", "ca", address);
        certs.issue("client", "ca", address);
        certs.issue("rogue", "other-ca", address);
        String keaTls = """
                "trust-anchor": "%s", "cert-file": "%s", "key-file": "%s", "require-client-certs": true,
                """.formatted(certs.file("ca.pem"), certs.file("kea.pem"), certs.key("kea"));
        String url = "https://" + address + ":" + keaPort + "/";
        try (KeaProcess kea = KeaProcess.start(dir, config(hooks, "https", address, keaPort, keaPort + 1, keaTls),
                address, keaPort);
             NettyPeerClients clients = NettyPeerClients.create(PeerClientSettings.builder()
                     .verifyPeerAddress(true).build())) {
            HaPeer target = peer(url);
            HaTls ours = new HaTls(certs.file("ca.pem").toString(), certs.file("client.pem").toString(),
                    certs.key("client").toString());
            PeerClient c = clients.client(relationship(target, ours, HaMultiThreading.DEFAULTS), target);
            exchange(c, kea);
            HaTls rogue = new HaTls(certs.file("ca.pem").toString(), certs.file("rogue.pem").toString(),
                    certs.key("rogue").toString());
            PeerClient refused = clients.client(relationship(target, rogue, HaMultiThreading.DEFAULTS), target);
            String m = failure(refused.send("ha-heartbeat", null, 10_000)).getMessage();
            assertTrue(m.contains("TLS"), m);
        }
    }

    /** Heartbeat, lease updates, a sync page, deletes and an unknown command, checked as an HA partner would. */
    private static void exchange(PeerClient c, KeaProcess kea) throws Exception {
        ControlResult heartbeat = ok(c.send("ha-heartbeat", null, 10_000));
        assertEquals(0, heartbeat.result(), kea.logTail());
        assertEquals("HA peer status returned.", heartbeat.text());
        Map<?, ?> status = (Map<?, ?>) heartbeat.arguments();
        assertTrue(HA_STATES.contains((String) status.get("state")), "state " + status);
        assertTrue(((String) status.get("date-time")).endsWith(" GMT"), "date-time " + status);
        assertEquals(List.of(), status.get("scopes"));

        Map<String, Object> lease = Map.of("ip-address", "192.0.2.50", "hw-address", "1a:1b:1c:1d:1e:1f",
                "subnet-id", 1, "valid-lft", 3600, "expire", 1895310931L, "force-create", true, "fqdn-fwd", false,
                "fqdn-rev", false, "hostname", "host-50", "state", 0);
        assertEquals(new ControlResult(0, "IPv4 lease added.", null), ok(c.send("lease4-update", lease, 10_000)));
        assertEquals(new ControlResult(0, "IPv4 lease updated.", null), ok(c.send("lease4-update", lease, 10_000)));

        ControlResult page = ok(c.send("lease4-get-page", Map.of("from", "start", "limit", 10), 60_000));
        assertEquals(0, page.result(), page.toString());
        Map<?, ?> pageArgs = (Map<?, ?>) page.arguments();
        assertEquals(1L, pageArgs.get("count"));
        Map<?, ?> got = (Map<?, ?>) ((List<?>) pageArgs.get("leases")).get(0);
        assertEquals("192.0.2.50", got.get("ip-address"));
        assertEquals("1a:1b:1c:1d:1e:1f", got.get("hw-address"));
        assertEquals(1895310931L - 3600, got.get("cltt"), "Kea answers cltt = expire - valid-lft");
        ControlResult end = ok(c.send("lease4-get-page", Map.of("from", "192.0.2.50", "limit", 10), 60_000));
        assertEquals(3, end.result(), "the last page is result 3 (empty), an answer not a failure");

        assertEquals(0, ok(c.send("lease4-del", Map.of("ip-address", "192.0.2.50"), 10_000)).result());
        assertEquals(3, ok(c.send("lease4-del", Map.of("ip-address", "192.0.2.50"), 10_000)).result());
        ControlResult unknown = ok(c.send("no-such-command", null, 10_000));
        assertEquals(2, unknown.result(), unknown.toString());
    }
}
