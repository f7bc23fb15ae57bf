package io.leasehold.dhcp.benchmarks.loadgen;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.testing.DhcpTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator against a real in-JVM Leasehold server on loopback (replies come back to its own port through the
 * relay-source-port sub-option, so no root is needed), and against a broken fake server that gives every client the
 * same address, which the generator must report. Rates are low and the drop time long, so a slow CI machine does
 * not turn into lost exchanges: these tests check counting, not speed.
 */
class DoraLoadTest {
    private static final String CONFIG = """
            {
              "lease-database": { "type": "memfile", "persist": false },
              "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
              "valid-lifetime": 3600,
              "subnet4": [ {
                "id": 1, "subnet": "10.20.0.0/16", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                "pools": [ { "pool": "10.20.0.1 - 10.20.255.254" } ]
              } ]
            }
            """;

    private static DoraLoad.Options options(InetSocketAddress server, int rate, int seconds, int firstClient) {
        return options(server, rate, seconds, firstClient, 250);
    }

    private static DoraLoad.Options options(InetSocketAddress server, int rate, int seconds, int firstClient,
                                            int tickMicros) {
        return new DoraLoad.Options(server, InetAddress.getLoopbackAddress(), 0, true, rate, seconds, 0x02aa,
                firstClient, 10_000, false, true, tickMicros);
    }

    /** Both ways of reading: on a timer, in batches (the default), and a wake-up per reply (--tick 0). */
    @ParameterizedTest(name = "tick {0} us")
    @ValueSource(ints = {250, 0})
    void everyAckedClientHoldsItsOwnLeaseOnARealServer(int tickMicros) throws Exception {
        try (DhcpTestServer server = DhcpTestServer.start(CONFIG)) {
            DoraLoad.Result r = DoraLoad.run(options(server.address(), 200, 2, 1000, tickMicros));
            // every client is accounted for: sent, or skipped because the generator fell behind
            assertEquals(400, r.discovers() + r.behind(), r.summary());
            assertEquals(r.offers(), r.requests(), "a REQUEST for every OFFER: " + r.summary());
            assertEquals(r.discovers(), r.sentPerSecond()[0] + r.sentPerSecond()[1], r.summary());
            assertEquals(r.acks(), r.acksPerSecond()[0] + r.acksPerSecond()[1], r.summary());
            // an unloaded machine answers all 400 (a loaded one may drop some at the server's queue: not counted
            // here, the point is that what the generator reports matches what the server holds)
            assertTrue(r.acks() > 0, r.summary());
            assertEquals(0, r.duplicateAddresses(), r.summary());
            assertEquals(0, r.naks() + r.late() + r.unexpected() + r.malformed() + r.errors(), r.summary());
            assertTrue(r.requestAckP99() > 0, r.summary());

            // the server holds exactly one lease per ACK, for hardware addresses 02:aa:<client 1000 + i>
            List<Lease4> leases = server.leases();
            assertEquals(r.acks(), leases.size(), r.summary());
            Set<String> macs = new HashSet<>();
            for (Lease4 l : leases) {
                byte[] mac = l.hardwareAddress().toByteArray();
                assertEquals(0x02, mac[0]);
                assertEquals((byte) 0xaa, mac[1]);
                int client = (mac[2] & 0xff) << 24 | (mac[3] & 0xff) << 16 | (mac[4] & 0xff) << 8 | (mac[5] & 0xff);
                assertTrue(client >= 1000 && client < 1400, "client " + client + " is not one of this run's");
                macs.add(l.hardwareAddress().toString());
            }
            assertEquals(leases.size(), macs.size());
        }
    }

    @Test
    void reportsAnAddressGivenToTwoClients() throws Exception {
        try (SameAddressServer fake = new SameAddressServer()) {
            DoraLoad.Result r = DoraLoad.run(options(fake.address(), 100, 1, 0));
            assertEquals(r.discovers(), r.acks(), r.summary());
            assertTrue(r.acks() >= 2, r.summary());
            assertEquals(1, r.duplicateAddresses(), "one address, ACKed to every client: " + r.summary());
        }
    }

    @Test
    void aServerThatNeverAnswersIsAllDrops() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress at = (InetSocketAddress) silent.getLocalSocketAddress();
            DoraLoad.Options o = new DoraLoad.Options(at, InetAddress.getLoopbackAddress(), 0, true, 50, 1, 0x02aa,
                    0, 50, false, true, 250);
            DoraLoad.Result r = DoraLoad.run(o);
            assertEquals(50, r.discovers());
            assertEquals(0, r.acks());
            assertEquals(100.0, r.dropsDiscoverOffer());
            assertEquals(100.0, r.dropsRequestAck(), "no REQUEST sent counts as all lost");
        }
    }

    @Test
    void badOptionsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoraLoad.parse(new String[] {"--server", "192.0.2.1", "--relay", "192.0.2.2", "--rate", "x"}));
        assertTrue(e.getMessage().startsWith("--rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoraLoad.parse(new String[] {"--rate", "5"}));
        assertTrue(e.getMessage().contains("--server"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DoraLoad.parse(
                new String[] {"--server", "192.0.2.1", "--relay", "192.0.2.2", "--rate", "100000", "--seconds", "1000"}));
        assertTrue(e.getMessage().contains("--rate x --seconds"), e.getMessage());
        DoraLoad.Options o = DoraLoad.parse(new String[] {"--server", "192.0.2.1:1067", "--relay", "192.0.2.2",
                "--mac-prefix", "02cc", "--drop-time", "500"});
        assertEquals(1067, o.server().getPort());
        assertEquals(0x02cc, o.macPrefix());
        assertEquals(500, o.dropMillis());
        assertEquals(67, o.localPort());
        assertEquals(1000, o.tickMicros());
        e = assertThrows(IllegalArgumentException.class, () -> DoraLoad.parse(
                new String[] {"--server", "192.0.2.1", "--relay", "192.0.2.2", "--tick", "-1"}));
        assertTrue(e.getMessage().contains("--tick"), e.getMessage());
    }

    /** A broken server: every OFFER and ACK carries the same address. */
    private static final class SameAddressServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        SameAddressServer() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::serve, "same-address-server");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        private void serve() {
            byte[] buf = new byte[1500];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    DhcpMessage q = DhcpDecoder.decode(p.getData(), 0, p.getLength());
                    DhcpMessageType t = q.messageType() == DhcpMessageType.DISCOVER ? DhcpMessageType.OFFER
                            : DhcpMessageType.ACK;
                    DhcpMessage reply = DhcpMessage.replyTo(q).messageType(t).yiaddr(0x0a140005)
                            .serverIdentifier(0x7f000001).build();
                    ByteBuf out = DhcpEncoder.DEFAULT.encode(reply, ByteBufAllocator.DEFAULT);
                    byte[] bytes = new byte[out.readableBytes()];
                    out.readBytes(bytes);
                    out.release();
                    socket.send(new DatagramPacket(bytes, bytes.length, p.getSocketAddress()));
                } catch (Exception e) {
                    return;        // closed
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(5_000);
        }
    }
}
