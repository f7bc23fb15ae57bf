package io.leasehold.dhcp.server;

import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * config-set that changes control-socket takes effect without a restart, as in Kea (issue #21): the command is
 * answered over the old socket, then the old socket closes and the new one answers.
 */
class ControlSocketReconfigureTest {
    @TempDir
    Path dir;

    private String config(Path socket) {
        return """
                { "Dhcp4": {
                    "control-socket": { "socket-type": "unix", "socket-name": "%s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(socket);
    }

    @Test
    void configSetMovesTheControlSocketOnceItIsAnswered() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        Path first = dir.resolve("first.sock");
        Path second = dir.resolve("second.sock");
        Path file = dir.resolve("kea-dhcp4.json");
        Files.writeString(file, config(first));
        VirtualTime time = new VirtualTime();
        try (DhcpServer server = DhcpServer.builder().configFile(file).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getByName("127.0.0.1")).serverPort(0).scheduler(time).build().start()) {
            String next = config(second);
            String arguments = next.substring(next.indexOf('{') + 1, next.lastIndexOf('}'));
            Map<String, Object> answer = ControlClients.unixAnswer(first,
                    "{\"command\": \"config-set\", \"arguments\": {" + arguments + "}}");
            assertEquals(0L, answer.get("result"), answer.toString());
            // answered over the old socket, which stays until the swap
            assertEquals(0L, ControlClients.unixAnswer(first, "{\"command\": \"status-get\"}").get("result"));
            assertFalse(Files.exists(second));
            time.advance(500);
            assertFalse(Files.exists(first), "the old socket is closed and removed");
            assertTrue(Files.exists(second));
            assertEquals(0L, ControlClients.unixAnswer(second, "{\"command\": \"status-get\"}").get("result"));
            assertEquals(java.util.List.of(second.toAbsolutePath()), server.unixControlSockets());
        }
        assertFalse(Files.exists(second), "closing the server removes the new socket");
    }
}
