package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A whole server on loopback in relay mode (no root): DORA over real UDP, commands over the unix socket. */
class DhcpServerLoopbackTest {
    @TempDir
    Path dir;

    private String config() {
        return """
                { "Dhcp4": {
                    "control-socket": { "socket-type": "unix", "socket-name": "%s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "valid-lifetime": 3600,
                    "subnet4": [ { "id": 7, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ],
                                   "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] } ] } }
                """.formatted(dir.resolve("ctrl.sock"));
    }

    static DhcpMessage exchange(DatagramSocket s, InetSocketAddress server, DhcpMessage q) throws Exception {
        ByteBuf b = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(q, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        s.send(new DatagramPacket(out, out.length, server));
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        s.receive(in);
        return DhcpDecoder.decode(in.getData(), 0, in.getLength());
    }

    @Test
    void relayedDoraOverLoopbackAndLeaseCommandsOverTheUnixSocket() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer server = DhcpServer.builder().configText(config()).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlSockets(Epoll.isAvailable()).build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            client.setSoTimeout(10_000);
            InetSocketAddress addr = server.localAddress();
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:42");
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId("c1".getBytes()).relaySourcePort().build();
            DhcpMessage discover = DhcpMessage.builder().xid(1).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                    .messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai).build();
            DhcpMessage offer = exchange(client, addr, discover);
            assertEquals(DhcpMessageType.OFFER, offer.messageType());
            assertEquals(Ipv4.parse("192.0.2.100"), offer.yiaddr());
            DhcpMessage request = DhcpMessage.builder().xid(2).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                    .messageType(DhcpMessageType.REQUEST).requestedAddress(offer.yiaddr())
                    .serverIdentifier(offer.serverIdentifier().getAsInt()).relayAgentInfo(rai).build();
            DhcpMessage ack = exchange(client, addr, request);
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertEquals(7, server.leaseStore().get(offer.yiaddr()).orElseThrow().subnetId());
            assertEquals(1, server.statistics().find("pkt4-ack-sent").orElseThrow().get());
            if (Epoll.isAvailable()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> all = (Map<String, Object>) Json.parse(unix(dir.resolve("ctrl.sock"),
                        "{\"command\": \"lease4-get-all\"}"));
                assertEquals(0L, all.get("result"));
                List<?> leases = (List<?>) ((Map<?, ?>) all.get("arguments")).get("leases");
                assertEquals(1, leases.size());
                assertEquals("192.0.2.100", ((Map<?, ?>) leases.get(0)).get("ip-address"));
                String status = unix(dir.resolve("ctrl.sock"), "{\"command\": \"status-get\"}");
                assertTrue(status.contains("\"multi-threading-enabled\": true"), status);
                // where a lost packet went: the queue, the I/O thread, or the socket
                assertTrue(status.contains("\"packet-queue-full-drops\": 0"), status);
                assertTrue(status.matches("(?s).*\"packet-inline-runs\": [1-9].*"), "the lone DORA ran inline: " + status);
                assertTrue(status.contains("\"send-failures\": 0"), status);
            }
        }
    }

    static String unix(Path socket, String request) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (c.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    break;
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }
}
