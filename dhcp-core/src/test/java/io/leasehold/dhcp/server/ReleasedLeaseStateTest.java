package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lease state 3 (released), which newer Kea partners (2.7+) send in lease updates: lease4-update and lease4-add accept
 * it, the lease keeps it, and lease4-get / lease4-get-all report it.
 */
class ReleasedLeaseStateTest {
    private static final String CONFIG = """
            { "Dhcp4": {
                "lease-database": { "type": "memfile", "persist": false },
                "valid-lifetime": 3600,
                "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                               "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> command(DhcpServer server, String json) throws Exception {
        return (Map<String, Object>) Json.parse(Json.write(server.commands().executeJson(json, "test")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> args(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("arguments");
    }

    @Test
    @SuppressWarnings("unchecked")
    void leaseUpdatesWithStateReleasedAreAcceptedAndKept() throws Exception {
        try (DhcpServer server = DhcpServer.builder().configText(CONFIG).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getLoopbackAddress()).serverPort(0).controlSockets(false).build().start()) {
            long expire = System.currentTimeMillis() / 1000 + 3600;
            Map<String, Object> updated = command(server, "{\"command\": \"lease4-update\", \"arguments\": {"
                    + "\"ip-address\": \"192.0.2.150\", \"hw-address\": \"02:00:00:00:00:98\", \"state\": 3, "
                    + "\"force-create\": true, \"expire\": " + expire + ", \"valid-lft\": 3600, "
                    + "\"subnet-id\": 1}}");
            assertEquals(0L, updated.get("result"), updated.toString());
            Map<String, Object> got = command(server, "{\"command\": \"lease4-get\", \"arguments\": {"
                    + "\"ip-address\": \"192.0.2.150\"}}");
            assertEquals(0L, got.get("result"), got.toString());
            assertEquals(3L, args(got).get("state"));

            Map<String, Object> added = command(server, "{\"command\": \"lease4-add\", \"arguments\": {"
                    + "\"ip-address\": \"192.0.2.151\", \"hw-address\": \"02:00:00:00:00:99\", \"state\": 3}}");
            assertEquals(0L, added.get("result"), added.toString());
            // an existing lease updated to released (what a newer Kea sends after a client's RELEASE)
            Map<String, Object> released = command(server, "{\"command\": \"lease4-update\", \"arguments\": {"
                    + "\"ip-address\": \"192.0.2.150\", \"hw-address\": \"02:00:00:00:00:98\", \"state\": 3, "
                    + "\"expire\": " + expire + ", \"valid-lft\": 3600, \"subnet-id\": 1}}");
            assertEquals(0L, released.get("result"), released.toString());
            List<Map<String, Object>> all = (List<Map<String, Object>>) args(command(server,
                    "{\"command\": \"lease4-get-all\"}")).get("leases");
            assertEquals(2, all.size(), all.toString());
            for (Map<String, Object> l : all) {
                assertEquals(3L, l.get("state"), l.toString());
            }
        }
    }
}
