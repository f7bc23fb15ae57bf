package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.codec.DhcpDecodeException;
import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.MultiThreading;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of a training run ({@code DhcpServer#train}) that the warm-up cannot do: DHCP exchanges through a real
 * server's sockets. A private server on the loopback interface (a generated configuration: one relayed subnet,
 * memfile persisted in a temporary directory, the configuration's multi-threading settings, an unprivileged free
 * port) answers DISCOVER and REQUEST from two relay agents on 127.0.0.1 until {@link #CLIENTS} clients have their
 * lease or the budget runs out.
 *
 * <p>Why: the warm-up hands packets to the pipeline directly, so the transport's receive and send path (Netty's epoll
 * datagram channel, its buffers, the dispatcher's queue) is first loaded and run by the first real queries, and the
 * classes it loads then (ByteBuf and ArrayList subclasses among them) invalidate code the JIT compiled during the
 * warm-up on the assumption that they did not exist. With an AOT cache (JDK 25+) every class a training run loaded is
 * loaded when the JVM starts, so after this pass the real server's first queries load nothing new. Nothing leaves the
 * loopback interface; the temporary directory is deleted.
 */
final class TransportTraining {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    /** Clients to serve at most (each a DISCOVER and a REQUEST). */
    static final int CLIENTS = 20_000;
    /** Queries in flight per relay agent. */
    private static final int WINDOW = 16;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private TransportTraining() {
    }

    /** Runs the pass within {@code budgetMillis}; returns the clients that got an ACK. Never throws. */
    static int run(KeaConfig config, long budgetMillis) {
        if (budgetMillis <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("leasehold-training-");
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                port = probe.getLocalPort();
            }
            long deadline = start + budgetMillis * 1_000_000L;
            String text = configText(config.multiThreading(), dir);
            ServerRuntime server = new ServerRuntime(new ServerOptions(
                    KeaConfigLoader.parse(text, "the training run's private loopback server"), null, text, null,
                    AllocatorFactory.SHIPPED, null, null, ServerListener.NONE, List.of(), port, port,
                    DhcpTransport.Mode.AUTO, null, Set.of(), false, null, null, 10_000, List.of(), 0, true));
            server.start();
            try {
                AtomicInteger acked = new AtomicInteger();
                Thread[] relays = new Thread[2];
                for (int k = 0; k < relays.length; k++) {
                    int base = k * CLIENTS / relays.length;
                    relays[k] = new Thread(() -> acked.addAndGet(relay(port, base, CLIENTS / 2, deadline)),
                            "leasehold-training-relay-" + k);
                    relays[k].setDaemon(true);
                    relays[k].start();
                }
                for (Thread t : relays) {
                    t.join();
                }
                LOG.info("LH_TRAINING_TRANSPORT {} clients leased through a private server's sockets on loopback port"
                        + " {} in {} ms", acked.get(), port, (System.nanoTime() - start) / 1_000_000);
                return acked.get();
            } finally {
                server.close();
            }
        } catch (IOException | ConfigException | RuntimeException e) {
            LOG.warn("LH_TRAINING_TRANSPORT_FAILED the socket pass of the training run stopped after {} ms: {}",
                    (System.nanoTime() - start) / 1_000_000, e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (dir != null) {
                LeaseStoreFactory.deleteScratch(dir);
            }
        }
    }

    /** The private server's configuration: loopback, one subnet relayed by 127.0.0.1, the given threading. */
    static String configText(MultiThreading mt, Path dir) {
        return """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "lo" ], "dhcp-socket-type": "udp" },
                    "lease-database": { "type": "memfile", "persist": true, "name": "%s", "lfc-interval": 0 },
                    "multi-threading": { "enable-multi-threading": %s, "thread-pool-size": %d,
                                         "packet-queue-size": %d },
                    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "10.0.0.10 - 10.255.255.250" } ],
                                   "option-data": [ { "name": "routers", "data": "10.0.0.1" },
                                                    { "name": "domain-name-servers", "data": "10.0.0.53" } ] } ]
                } }
                """.formatted(dir.resolve("training-leases4.csv").toString().replace("\\", "\\\\"), mt.enabled(),
                mt.threadPoolSize(), mt.packetQueueSize());
    }

    /**
     * One relay agent: clients {@code base..base+count-1} in windows of {@link #WINDOW}: the DISCOVERs, the OFFERs
     * that come back, a REQUEST for each, the ACKs. Returns the ACKs received.
     */
    private static int relay(int port, int base, int count, long deadline) {
        int acked = 0;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(LOOPBACK, 0));
            ch.socket().setSoTimeout(200);
            InetSocketAddress server = new InetSocketAddress(LOOPBACK, port);
            int[] offered = new int[WINDOW];
            int[] serverIds = new int[WINDOW];
            for (int first = 0; first < count && System.nanoTime() - deadline < 0; first += WINDOW) {
                int n = Math.min(WINDOW, count - first);
                for (int i = 0; i < n; i++) {
                    send(ch, server, query(DhcpMessageType.DISCOVER, base + first + i, 0, 0));
                }
                int offers = receive(ch, n, base + first, offered, serverIds, DhcpMessageType.OFFER);
                if (offers == 0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (offered[i] != 0) {
                        send(ch, server, query(DhcpMessageType.REQUEST, base + first + i, offered[i], serverIds[i]));
                    }
                }
                acked += receive(ch, offers, base + first, new int[WINDOW], new int[WINDOW], DhcpMessageType.ACK);
            }
        } catch (IOException e) {
            LOG.warn("LH_TRAINING_TRANSPORT_FAILED the socket pass of the training run stopped after {} ms: {}",
                    (System.nanoTime() - deadline) / 1_000_000, "relay agent: " + e);
        }
        return acked;
    }

    /**
     * Reads up to {@code expected} replies of {@code type} for clients {@code first..first+WINDOW-1} (a datagram read
     * times out after 200 ms), noting each reply's yiaddr and server identifier at its client's index; returns how
     * many came.
     */
    private static int receive(DatagramChannel ch, int expected, int first, int[] yiaddr, int[] serverIds,
                               DhcpMessageType type) throws IOException {
        Arrays.fill(yiaddr, 0);
        int got = 0;
        DatagramSocket socket = ch.socket();
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (got < expected) {
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            try {
                DhcpMessage m = DhcpDecoder.decode(buf, 0, p.getLength());
                int i = m.xid() - first;
                if (i >= 0 && i < yiaddr.length && m.messageType() != null
                        && m.messageType().intValue() == type.intValue()) {
                    yiaddr[i] = m.yiaddr();
                    serverIds[i] = m.serverIdentifier().orElse(0);
                    got++;
                }
            } catch (DhcpDecodeException e) {
                // not ours; keep reading
            }
        }
        return got;
    }

    /** A relayed query of client {@code c} (xid = c); a REQUEST names the offered address and the offering server. */
    private static DhcpMessage query(DhcpMessageType type, int c, int requested, int serverId) {
        byte[] mac = {0x02, 0x4c, 0x48, (byte) (c >>> 16), (byte) (c >>> 8), (byte) c};
        DhcpMessage.Builder b = DhcpMessage.builder().xid(c).hardwareAddress(HardwareAddress.ethernet(mac))
                .messageType(type).giaddr(0x7f000001).hops(1).parameterRequestList(1, 3, 6, 15, 51, 54)
                .relayAgentInfo(RelayAgentInfo.builder().circuitId(new byte[] {1}).relaySourcePort().build());
        if (requested != 0) {
            b.requestedAddress(requested).serverIdentifier(serverId);
        }
        return b.build();
    }

    private static void send(DatagramChannel ch, InetSocketAddress to, DhcpMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer(576);
        try {
            DhcpEncoder.DEFAULT.encode(m, b);
            ch.send(b.nioBuffer(), to);
        } finally {
            b.release();
        }
    }
}
