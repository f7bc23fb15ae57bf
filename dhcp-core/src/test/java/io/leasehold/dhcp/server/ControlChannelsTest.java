package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.TestCertificates;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command channels a configuration opens ({@code control-sockets}): unix and HTTP side by side, basic
 * authentication, the agent's {@code service} semantics, {@code http-headers}, HTTPS with client certificates, and
 * the Prometheus endpoint.
 */
class ControlChannelsTest {
    private static final String AUTH = "admin:s3cret";
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\""
                    + "(?:[^\"\\\\]|\\\\.)*\")*})? (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)");

    @TempDir
    Path dir;

    private String config(String extraSockets) {
        return """
                { "Dhcp4": {
                    "control-sockets": [
                      { "socket-type": "unix", "socket-name": "%s" },
                      { "socket-type": "http", "socket-address": "127.0.0.1", "socket-port": 0,
                        "authentication": { "type": "basic", "realm": "leasehold-test",
                                            "clients": [ { "user": "admin", "password": "s3cret" } ] },
                        "http-headers": [ { "name": "X-Leasehold-Test", "value": "yes" } ] }%s ],
                    "lease-database": { "type": "memfile", "persist": false },
                    "valid-lifetime": 3600,
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(dir.resolve("ctrl.sock"), extraSockets);
    }

    private DhcpServer start(String extraSockets, DhcpServer.Builder b) throws Exception {
        return b.configText(config(extraSockets)).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getLoopbackAddress()).serverPort(0).build().start();
    }

    @Test
    void httpSocketRequiresItsCredentialsAndFollowsTheAgentsServiceRules() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        try (DhcpServer server = start("", DhcpServer.builder())) {
            assertEquals(List.of(dir.resolve("ctrl.sock").toAbsolutePath()), server.unixControlSockets());
            InetSocketAddress http = server.httpControlAddress();
            byte[] body = "{\"command\": \"list-commands\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> denied = ControlClients.http(http, body, null);
            assertEquals(401, denied.statusCode());
            assertEquals("Basic realm=\"leasehold-test\"", denied.headers().firstValue("WWW-Authenticate")
                    .orElseThrow());
            assertEquals(401, ControlClients.http(http, body, "admin:wrong").statusCode());
            HttpResponse<String> ok = ControlClients.http(http, body, AUTH);
            assertEquals(200, ok.statusCode());
            assertEquals("yes", ok.headers().firstValue("X-Leasehold-Test").orElseThrow(), "http-headers");

            // no service: this server runs it (no agent in between)
            assertEquals(0L, ControlClients.httpAnswers(http, "{\"command\": \"status-get\"}", AUTH).get(0)
                    .get("result"));
            assertEquals(1, ControlClients.httpAnswers(http, "{\"command\": \"status-get\", \"service\": []}", AUTH)
                    .size());
            List<Map<String, Object>> two = ControlClients.httpAnswers(http,
                    "{\"command\": \"server-tag-get\", \"service\": [\"dhcp4\", \"dhcp6\"]}", AUTH);
            assertEquals(2, two.size());
            assertEquals(0L, two.get(0).get("result"));
            assertEquals(Map.of("result", 1L, "text", "forwarding socket is not configured for the server type dhcp6"),
                    two.get(1));
            assertEquals(1L, ControlClients.httpAnswers(http, "{\"command\": \"status-get\", \"service\": "
                    + "[\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\",\"dhcp4\"]}",
                    AUTH).get(0).get("result"), "at most 8 services");
            assertEquals(1L, ControlClients.httpAnswers(http, "{\"command\": \"status-get\", \"service\": [4]}", AUTH)
                    .get(0).get("result"));
            // the unix socket of the same server sees the same state
            ControlClients.httpAnswers(http, "{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\":"
                    + " \"192.0.2.20\", \"hw-address\": \"02:00:00:00:00:20\"}, \"service\": [\"dhcp4\"]}", AUTH);
            assertEquals(0L, ControlClients.unixAnswer(server.unixControlSockets().get(0),
                    "{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": \"192.0.2.20\"}}").get("result"));
        }
    }

    @Test
    void metricsArePrometheusTextWithEveryStatisticUtilisationAndContributors() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        try (DhcpServer server = start("", DhcpServer.builder().metricsContributor(out -> out.gauge(
                "leasehold_ha_state", "HA state (1 for the current one)", Map.of("relationship", "server1",
                        "state", "hot-standby"), 1)))) {
            InetSocketAddress http = server.httpControlAddress();
            assertEquals(401, ControlClients.get(http, "/metrics", null).statusCode(), "metrics need credentials");
            ControlClients.httpAnswers(http, "{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\":"
                    + " \"192.0.2.20\", \"hw-address\": \"02:00:00:00:00:20\"}}", AUTH);
            HttpResponse<String> r = ControlClients.get(http, "/metrics", AUTH);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            String text = r.body();
            assertValidExposition(text);
            assertTrue(text.contains("# TYPE leasehold_pkt4_received_total counter\n"), text);
            assertTrue(text.contains("\nleasehold_pkt4_received_total 0\n"), text);
            assertTrue(text.contains("# TYPE leasehold_subnet_total_addresses gauge\n"), text);
            assertTrue(text.contains("\nleasehold_subnet_total_addresses{subnet=\"1\"} 191\n"), text);
            assertTrue(text.contains("\nleasehold_subnet_assigned_addresses{subnet=\"1\"} 1\n"), text);
            assertTrue(text.contains("\nleasehold_subnet_address_utilization{prefix=\"192.0.2.0/24\",subnet=\"1\"} "
                    + (1.0 / 191) + "\n"), text);
            assertTrue(text.contains("\nleasehold_dhcp_service_enabled 1\n"), text);
            assertTrue(text.contains("\nleasehold_ha_state{relationship=\"server1\",state=\"hot-standby\"} 1\n"),
                    text);
            for (String stat : server.statistics().all().keySet()) {
                String base = stat.replaceAll("^subnet\\[\\d+]\\.(pool\\[\\d+]\\.)?", "").replace('-', '_');
                assertTrue(text.contains("_" + base), "statistic " + stat + " is exported");
            }
            assertEquals(text.replaceAll("leasehold_uptime_seconds \\d+", ""),
                    server.metricsText().replaceAll("leasehold_uptime_seconds \\d+", ""), "typed access, same text");
        }
    }

    /** Exposition format 0.0.4: HELP and TYPE once per family, before its samples; samples well formed. */
    static void assertValidExposition(String text) {
        assertTrue(text.endsWith("\n"));
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        String current = null;
        Set<String> closed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                assertTrue(helped.add(line.split(" ")[2]), "one HELP per family: " + line);
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertTrue(typed.add(p[2]), "one TYPE per family: " + line);
                assertTrue(Set.of("counter", "gauge").contains(p[3]), line);
                if (current != null) {
                    closed.add(current);
                }
                current = p[2];
            } else {
                assertTrue(SAMPLE.matcher(line).matches(), "sample line: " + line);
                String name = line.split("[{ ]")[0];
                assertEquals(current, name, "samples follow their family's TYPE: " + line);
                assertTrue(!closed.contains(name), "a family's samples are contiguous: " + line);
            }
        }
    }

    @Test
    void httpsSocketFromTheConfigurationWantsAClientCertificate() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        assumeTrue(TestCertificates.available(dir), "openssl is needed to make test certificates");
        TestCertificates certs = TestCertificates.create(dir);
        String https = """
                , { "socket-type": "https", "socket-port": 0, "trust-anchor": "%s", "cert-file": "%s",
                    "key-file": "%s", "cert-required": true }""".formatted(certs.ca(), certs.serverCert(),
                certs.serverKey());
        try (DhcpServer server = start(https, DhcpServer.builder())) {
            assertEquals(2, server.httpControlAddresses().size());
            URI uri = URI.create("https://127.0.0.1:" + server.httpControlAddresses().get(1).getPort() + "/");
            HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"command\": \"version-get\"}")).build();
            HttpResponse<String> r = HttpClient.newBuilder().sslContext(certs.clientContext(true)).build()
                    .send(req, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(0L, ((Map<?, ?>) ((List<?>) Json.parse(r.body())).get(0)).get("result"));
            HttpClient noCert = HttpClient.newBuilder().sslContext(certs.clientContext(false)).build();
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> noCert.send(req, HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void leaseCommandsOverTheUnixSocketWithAPlainClient() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        try (DhcpServer server = start("", DhcpServer.builder())) {
            Path sock = server.unixControlSockets().get(0);
            for (int i = 0; i < 5; i++) {
                assertEquals(0L, ControlClients.unixAnswer(sock, ("{\"command\": \"lease4-add\", \"arguments\": {"
                        + "\"ip-address\": \"192.0.2.%d\", \"hw-address\": \"02:00:00:00:00:%02x\", \"hostname\": "
                        + "\"Host-%d\"}}").formatted(50 + i, i, i)).get("result"));
            }
            assertEquals(5, server.leaseStore().size());
            Map<String, Object> byHw = ControlClients.unixAnswer(sock, "{\"command\": \"lease4-get-by-hw-address\","
                    + " \"arguments\": {\"hw-address\": \"02:00:00:00:00:02\"}}");
            assertEquals("192.0.2.52", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) byHw.get("arguments")).get("leases"))
                    .get(0)).get("ip-address"));
            assertEquals(0L, ControlClients.unixAnswer(sock, "{\"command\": \"lease4-get-by-hostname\", \"arguments\":"
                    + " {\"hostname\": \"HOST-3\"}}").get("result"), "host names match case-insensitively");
            assertEquals("IPv4 lease updated.", ControlClients.unixAnswer(sock, "{\"command\": \"lease4-update\","
                    + " \"arguments\": {\"ip-address\": \"192.0.2.50\", \"hw-address\": \"02:00:00:00:00:aa\","
                    + " \"valid-lft\": 100}}").get("text"));
            Lease4 updated = server.leaseStore().get(Ipv4.parse("192.0.2.50")).orElseThrow();
            assertEquals(HardwareAddress.parse("02:00:00:00:00:aa"), updated.hardwareAddress());
            assertEquals(100, updated.validLifetime());
            Map<String, Object> page = ControlClients.unixAnswer(sock, "{\"command\": \"lease4-get-page\","
                    + " \"arguments\": {\"from\": \"192.0.2.51\", \"limit\": 2}}");
            assertEquals(2L, ((Map<?, ?>) page.get("arguments")).get("count"));
            assertEquals("IPv4 lease deleted.", ControlClients.unixAnswer(sock, "{\"command\": \"lease4-del\","
                    + " \"arguments\": {\"ip-address\": \"192.0.2.51\"}}").get("text"));
            assertEquals(4, server.leaseStore().size());
            assertEquals(3L, ControlClients.unixAnswer(sock, "{\"command\": \"lease4-get\", \"arguments\":"
                    + " {\"ip-address\": \"192.0.2.51\"}}").get("result"));
            assertEquals(4L, server.statistics().find("subnet[1].assigned-addresses").orElseThrow().get(),
                    "commands keep the statistics in step");
            assertEquals("Deleted 4 IPv4 lease(s) from subnet(s) 1", ControlClients.unixAnswer(sock,
                    "{\"command\": \"lease4-wipe\", \"arguments\": {\"subnet-id\": 1}}").get("text"));
            assertEquals(0, server.leaseStore().size());
        }
    }
}
