package io.leasehold.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.ddns.NameChangeRequest;
import io.leasehold.dhcp.ddns.NameChangeRequest.ChangeType;
import io.leasehold.dhcp.ddns.internal.NcrUdpSender;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.DhcpTransport;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole server on loopback sending name change requests to a fake kea-dhcp-ddns (a UDP socket): Kea's framing,
 * adds on ACK, removes on RELEASE, lease4-resend-ddns, nothing for leases written by commands, queue bound.
 */
class DdnsSenderTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    /** Relay source port (RFC 8357): replies come back to the test's port, not 67. */
    private static final io.leasehold.dhcp.codec.RelayAgentInfo RAI = io.leasehold.dhcp.codec.RelayAgentInfo.builder()
            .circuitId("c1".getBytes(StandardCharsets.US_ASCII)).relaySourcePort().build();

    private static String config(int d2Port, boolean enabled) {
        return """
                { "Dhcp4": {
                    "lease-database": { "type": "memfile", "persist": false },
                    "valid-lifetime": 3600,
                    "dhcp-ddns": { "enable-updates": %s, "server-ip": "127.0.0.1", "server-port": %d,
                                   "sender-ip": "127.0.0.1", "sender-port": 0 },
                    "ddns-qualifying-suffix": "lab.example",
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
                """.formatted(enabled, d2Port);
    }

    /** One NCR datagram from the fake D2 socket, checked for Kea's two-octet length prefix. */
    private static Map<?, ?> receive(DatagramSocket d2) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        d2.receive(p);
        byte[] b = p.getData();
        int len = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        assertEquals(p.getLength() - 2, len, "length prefix");
        assertEquals(LO, p.getAddress(), "sent from sender-ip");
        return (Map<?, ?>) Json.parse(new String(b, 2, len, StandardCharsets.UTF_8));
    }

    private static void assertNothing(DatagramSocket d2) throws Exception {
        d2.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> d2.receive(new DatagramPacket(new byte[4096], 4096)));
        d2.setSoTimeout(5000);
    }

    /** The answer without the spaces of Kea's layout ({@code { "result": 0 }} becomes {@code {"result":0}}). */
    private static String command(DhcpServer server, String json) {
        return Json.write(server.commands().executeJson(json, "test")).replace("{ \"", "{\"").replace("\": ", "\":")
                .replace(", \"", ",\"").replace(" }", "}");
    }

    @Test
    void ackAddsReleaseRemovesAndResendWorks() throws Exception {
        try (DatagramSocket d2 = new DatagramSocket(new InetSocketAddress(LO, 0));
             DhcpServer server = DhcpServer.builder().configText(config(d2.getLocalPort(), true))
                     .transportMode(DhcpTransport.Mode.NIO).bindAddress(LO).serverPort(0).controlSockets(false)
                     .build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            d2.setSoTimeout(5000);
            client.setSoTimeout(5000);
            InetSocketAddress addr = server.localAddress();
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:42");
            int giaddr = Ipv4.parse("127.0.0.1");
            DhcpMessage offer = DhcpServerLoopbackTest.exchange(client, addr, DhcpMessage.builder().xid(1)
                    .hardwareAddress(hw).giaddr(giaddr).relayAgentInfo(RAI).messageType(DhcpMessageType.DISCOVER).hostName("host2")
                    .build());
            DhcpMessage ack = DhcpServerLoopbackTest.exchange(client, addr, DhcpMessage.builder().xid(2)
                    .hardwareAddress(hw).giaddr(giaddr).relayAgentInfo(RAI).messageType(DhcpMessageType.REQUEST).hostName("host2")
                    .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().getAsInt()).build());
            assertEquals("host2.lab.example", ack.hostName());
            Map<?, ?> add = receive(d2);
            assertEquals(0L, add.get("change-type"));
            assertEquals(true, add.get("forward-change"));
            assertEquals(true, add.get("reverse-change"));
            assertEquals("host2.lab.example.", add.get("fqdn"));
            assertEquals(Ipv4.toString(ack.yiaddr()), add.get("ip-address"));
            assertEquals(1200L, add.get("lease-length"));
            assertEquals(true, add.get("use-conflict-resolution"));
            assertEquals(9, add.size(), "exactly Kea's fields: " + add);

            String resend = command(server, "{\"command\": \"lease4-resend-ddns\", \"arguments\": {\"ip-address\": \""
                    + Ipv4.toString(ack.yiaddr()) + "\"}}");
            assertEquals("{\"result\":0,\"text\":\"NCR generated for: " + Ipv4.toString(ack.yiaddr())
                    + ", hostname: host2.lab.example\"}", resend);
            assertEquals(add, receive(d2), "the same add again");

            String added = command(server, "{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": "
                    + "\"192.0.2.150\", \"hw-address\": \"02:00:00:00:00:99\", \"hostname\": \"cmd.lab.example\", "
                    + "\"fqdn-fwd\": true, \"fqdn-rev\": true}}");
            assertTrue(added.contains("\"result\":0"), added);
            // what an HA partner sends after it allocated: only the server that allocated sends NCRs
            String updated = command(server, "{\"command\": \"lease4-update\", \"arguments\": {\"ip-address\": "
                    + "\"192.0.2.160\", \"hw-address\": \"02:00:00:00:00:98\", \"hostname\": \"peer.lab.example\", "
                    + "\"fqdn-fwd\": true, \"fqdn-rev\": true, \"force-create\": true, \"expire\": "
                    + (System.currentTimeMillis() / 1000 + 3600) + ", \"valid-lft\": 3600}}");
            assertTrue(updated.contains("\"result\":0"), updated);
            String deleted = command(server, "{\"command\": \"lease4-del\", \"arguments\": {\"ip-address\": "
                    + "\"192.0.2.160\"}}");
            assertTrue(deleted.contains("\"result\":0"), deleted);
            assertNothing(d2);
            assertTrue(command(server, "{\"command\": \"lease4-resend-ddns\", \"arguments\": {\"ip-address\": "
                    + "\"192.0.2.151\"}}").equals("{\"result\":3,\"text\":\"No lease found for: 192.0.2.151\"}"));

            byte[] release = encode(DhcpMessage.builder().xid(3).hardwareAddress(hw).ciaddr(ack.yiaddr())
                    .giaddr(giaddr).messageType(DhcpMessageType.RELEASE).build());
            client.send(new DatagramPacket(release, release.length, addr));
            Map<?, ?> remove = receive(d2);
            assertEquals(1L, remove.get("change-type"));
            assertEquals(add.get("dhcid"), remove.get("dhcid"));

            server.reconfigure(KeaConfigLoader.parse(config(d2.getLocalPort(), false), "off.json"));
            assertEquals("{\"result\":1,\"text\":\"DDNS updating is not enabled\"}", command(server,
                    "{\"command\": \"lease4-resend-ddns\", \"arguments\": {\"ip-address\": \"192.0.2.150\"}}"));
        }
    }

    private static byte[] encode(DhcpMessage m) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        io.leasehold.dhcp.codec.DhcpEncoder.DEFAULT.encode(m, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        NameChangeRequest n = new NameChangeRequest(ChangeType.ADD, true, true, "a.lab.example.", "192.0.2.1", "00",
                0, 600, true);
        try (DatagramSocket d2 = new DatagramSocket(new InetSocketAddress(LO, 0));
             NcrUdpSender none = new NcrUdpSender(new InetSocketAddress(LO, 0), new InetSocketAddress(LO,
                     d2.getLocalPort()), 0)) {
            for (int i = 0; i < 5; i++) {
                none.send(n);
            }
            assertEquals(5, none.queueFull(), "max-queue-size 0: every request is dropped and counted");
            assertEquals(0, none.sent());
        }
        try (DatagramSocket d2 = new DatagramSocket(new InetSocketAddress(LO, 0));
             NcrUdpSender one = new NcrUdpSender(new InetSocketAddress(LO, 0), new InetSocketAddress(LO,
                     d2.getLocalPort()), 1)) {
            d2.setSoTimeout(5000);
            for (int i = 0; i < 200; i++) {
                one.send(n);
            }
            assertTrue(one.queueFull() > 0, "a burst over a queue of one overflows");
            one.close();
            assertEquals(200, one.sent() + one.queueFull() + one.sendFailed(), "every request accounted for");
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            d2.receive(p);
            assertEquals(n.toJson(), new String(p.getData(), 2, p.getLength() - 2, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aSenderThatCannotBindRefusesTheConfiguration() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LO, 0))) {
            String text = config(53001, true).replace("\"sender-port\": 0", "\"sender-port\": " + taken.getLocalPort());
            try (DhcpServer server = DhcpServer.builder().configText(config(53001, false))
                    .transportMode(DhcpTransport.Mode.NIO).bindAddress(LO).serverPort(0).controlSockets(false)
                    .build().start()) {
                ConfigException e = assertThrows(ConfigException.class, () -> server.reconfigure(
                        KeaConfigLoader.parse(text, "bad.json")));
                assertEquals("Dhcp4/dhcp-ddns", e.path());
            }
        }
    }
}
