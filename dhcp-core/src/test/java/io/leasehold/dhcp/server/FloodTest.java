package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood far beyond what one worker can process: the queue stays within packet-queue-size, every received packet
 * is handled or counted as dropped once, and the server still answers afterwards. (Where the flood is lost depends
 * on the packets' age: a full queue of fresh packets is worked off by the I/O thread while the rest waits in the
 * socket, whose overflow the kernel drops; stale ones are dropped from the queue. {@code QueueDispatcherTest} tests
 * both rules.)
 */
class FloodTest {
    private static final String CONFIG = """
            { "Dhcp4": {
                "lease-database": { "type": "memfile", "persist": false },
                "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 1, "packet-queue-size": 16 },
                "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                               "pools": [ { "pool": "10.0.0.1 - 10.255.255.254" } ] } ] } }
            """;

    @Test
    void floodIsBoundedByTheQueueAndDropsAreCounted() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer server = DhcpServer.builder().configText(CONFIG).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlSockets(false).build().start();
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            sender.setReceiveBufferSize(1 << 16);
            InetSocketAddress to = server.localAddress();
            int sent = 60_000;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int maxDepth = 0;
            for (int i = 0; i < sent && System.nanoTime() < deadline; i++) {
                byte[] packet = discover(i);
                sender.send(new DatagramPacket(packet, packet.length, to));
                if ((i & 255) == 0) {
                    maxDepth = Math.max(maxDepth, server.dispatcher().queueDepth());
                }
            }
            assertTrue(maxDepth <= 16, "queue depth " + maxDepth + " exceeded packet-queue-size");
            // let the worker drain what was queued
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.dispatcher().queueDepth() > 0 && System.nanoTime() < drainDeadline) {
                Thread.onSpinWait();
            }
            long dropped = server.dispatcher().queueFullDrops();
            long received = server.statistics().find("pkt4-received").orElseThrow().get();
            assertTrue(received > 0, "the flood was served");
            assertTrue(received + dropped <= sent, "nothing is counted twice (sent " + sent + ", received " + received
                    + ", dropped " + dropped + ")");
            // still serving: a full DORA succeeds after the flood
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                // The kernel may still hold a full socket buffer of flood packets and drop ours: retransmit as a
                // real client does (bounded).
                client.setSoTimeout(2_000);
                HardwareAddress hw = HardwareAddress.parse("02:ff:00:00:00:01");
                RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {1}).relaySourcePort().build();
                DhcpMessage offer = null;
                for (int attempt = 0; attempt < 10 && offer == null; attempt++) {
                    try {
                        offer = DhcpServerLoopbackTest.exchange(client, to, DhcpMessage.builder().xid(-1)
                                .hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                                .messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai).build());
                    } catch (java.net.SocketTimeoutException retry) {
                        // retransmit
                    }
                }
                org.junit.jupiter.api.Assertions.assertNotNull(offer, "no answer to 10 DISCOVERs after the flood");
                assertEquals(DhcpMessageType.OFFER, offer.messageType(), "the server still answers after the flood");
            }
        }
    }

    private static byte[] discover(int i) {
        HardwareAddress hw = HardwareAddress.ethernet(new byte[] {2, 0, (byte) (i >> 24), (byte) (i >> 16),
                (byte) (i >> 8), (byte) i});
        DhcpMessage m = DhcpMessage.builder().xid(i).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                .messageType(DhcpMessageType.DISCOVER).relayAgentInfo(RelayAgentInfo.builder()
                        .circuitId(new byte[] {1}).relaySourcePort().build()).build();
        ByteBuf b = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(m, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
