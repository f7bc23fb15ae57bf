package io.leasehold.dhcp.testing;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.codec.DhcpMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shows each use of the harness: extension, client operations, recorded exchanges, fake HA partner. */
class HarnessTest {
    @RegisterExtension
    static DhcpServerExtension dhcp = DhcpServerExtension.withDefaults();

    private static final HardwareAddress MAC = HardwareAddress.parse("02:00:00:00:00:01");

    @Test
    void extensionInjectsAServerAndAClientPerTest(DhcpTestServer server, DhcpTestClient client) {
        DhcpTestClient.Lease lease = client.dora(MAC);
        assertEquals("192.0.2.100", lease.addressText());
        assertEquals(3600, lease.leaseTime());
        assertEquals(List.of(lease.address()), server.leases().stream().map(Lease4::address).toList());
        assertEquals(1, server.statistic("subnet[1].assigned-addresses"));
    }

    @Test
    void renewReleaseDeclineAndInform(DhcpTestServer server, DhcpTestClient client) throws Exception {
        DhcpTestClient.Lease lease = client.dora(MAC);
        DhcpTestClient.Lease renewed = client.renew(lease);
        assertEquals(lease.address(), renewed.address());
        DhcpTestClient.Lease rebound = client.rebind(renewed);
        assertEquals(lease.address(), rebound.address());
        client.release(renewed);
        awaitLeases(server, 0);
        DhcpTestClient.Lease second = client.dora(MAC);
        client.decline(second);
        awaitDeclined(server, second.address());
        DhcpMessage ack = client.inform(MAC, Ipv4.parse("192.0.2.42"));
        assertNotNull(ack);
        assertEquals(0, ack.yiaddr());
        assertTrue(client.exchanges().size() >= 8, "every exchange is recorded");
        assertNull(client.exchanges().get(4).reply(), "a RELEASE has no reply");
    }

    @Test
    void customOptionsReachTheServer(DhcpTestServer server, DhcpTestClient client) throws Exception {
        server.server().reconfigure(withPhonesPool());
        DhcpTestClient.Lease phone = client.dora(MAC, b -> b.vendorClass("Aastra6731i"));
        assertEquals("192.0.2.10", phone.addressText(), "the class-restricted pool serves the phone");
    }

    private static io.leasehold.dhcp.config.KeaConfig withPhonesPool() {
        try {
            return io.leasehold.dhcp.config.KeaConfigLoader.parse("""
                    { "Dhcp4": {
                        "lease-database": { "type": "memfile", "persist": false },
                        "client-classes": [ { "name": "phones",
                                              "test": "substring(option[60].hex,0,6) == 'Aastra'" } ],
                        "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                       "pools": [ { "pool": "192.0.2.10 - 192.0.2.19", "client-class": "phones" },
                                                  { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
                    """, "test");
        } catch (io.leasehold.dhcp.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fakeHaPartnerAnswersLikeKeaAndRecordsLeaseUpdates() throws Exception {
        try (FakeHaPartner partner = FakeHaPartner.start().state("hot-standby").scopes(List.of("server1"))) {
            HttpClient http = HttpClient.newHttpClient();
            String body = post(http, partner.url(), "{\"command\": \"ha-heartbeat\", \"service\": [\"dhcp4\"]}");
            assertTrue(body.startsWith("[ { "), "Kea answers with a JSON array: " + body);
            assertTrue(body.contains("\"state\": \"hot-standby\""), body);
            post(http, partner.url(), "{\"command\": \"lease4-update\", \"service\": [\"dhcp4\"], \"arguments\": "
                    + "{\"ip-address\": \"192.0.2.5\", \"hw-address\": \"02:00:00:00:00:05\", \"subnet-id\": 1, "
                    + "\"valid-lft\": 3600, \"expire\": 2000000000, \"force-create\": true}}");
            assertEquals(1, partner.received("lease4-update").size());
            assertTrue(partner.leases().get(Ipv4.parse("192.0.2.5")).isPresent());
            partner.script("lease4-update", c -> new ControlResult(4, "conflict", null));
            String conflict = post(http, partner.url(), "{\"command\": \"lease4-update\", \"arguments\": "
                    + "{\"ip-address\": \"192.0.2.6\", \"hw-address\": \"02:00:00:00:00:06\"}}");
            assertTrue(conflict.contains("\"result\": 4"), conflict);
        }
    }

    private static String post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitLeases(DhcpTestServer server, int n) throws InterruptedException {
        for (int i = 0; i < 500 && server.leases().size() != n; i++) {
            Thread.sleep(10); // RELEASE has no answer to wait on
        }
        assertEquals(n, server.leases().size());
    }

    private static void awaitDeclined(DhcpTestServer server, int address) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (server.server().leaseStore().get(address).map(l -> l.state() == 1).orElse(false)) {
                return;
            }
            Thread.sleep(10); // DECLINE has no answer to wait on
        }
        throw new AssertionError("lease was not declined");
    }
}
