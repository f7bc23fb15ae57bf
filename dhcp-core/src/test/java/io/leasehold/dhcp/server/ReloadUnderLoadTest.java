package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Configuration changes under load lose no lease: relayed DORAs from several threads (raw UDP on loopback, as
 * perfdhcp would send them) while {@code config-reload} (after rewriting the file) and {@code config-set} (with a
 * changed option) run again and again over the unix socket. Afterwards every ACKed address is still leased to the
 * client it was ACKed to, and no address was given to two clients.
 */
class ReloadUnderLoadTest {
    private static final int CLIENT_THREADS = 4;
    private static final int DORAS_PER_THREAD = 750;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(40);

    @TempDir
    Path dir;

    private String config(int generation) {
        return """
                { "Dhcp4": {
                    "control-sockets": [ { "socket-type": "unix", "socket-name": "%s" } ],
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2,
                                         "packet-queue-size": 256 },
                    "valid-lifetime": 3600,
                    "option-data": [ { "name": "domain-name-servers", "data": "192.0.2.%d" } ],
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "10.0.0.1 - 10.0.255.254" } ] } ] } }
                """.formatted(dir.resolve("ctrl.sock"), 1 + generation % 250);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void reloadsAndConfigSetsDuringThousandsOfDorasLoseNoLease() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        Path file = dir.resolve("kea-dhcp4.json");
        Files.writeString(file, config(0));
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (DhcpServer server = DhcpServer.builder().configFile(file).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).build().start()) {
            Path sock = server.unixControlSockets().get(0);
            InetSocketAddress to = server.localAddress();
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            Map<HardwareAddress, Integer> acked = new ConcurrentHashMap<>();
            List<Future<Integer>> clients = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int thread = t;
                clients.add(pool.submit(() -> runClient(thread, lo, to, deadline, acked)));
            }
            AtomicBoolean clientsDone = new AtomicBoolean();
            int reloads = 0;
            int sets = 0;
            int generation = 0;
            while (!clientsDone.get() && System.nanoTime() < deadline) {
                generation++;
                if (generation % 2 == 0) {
                    Files.writeString(file, config(generation));
                    assertEquals(0L, ControlClients.unixAnswer(sock, "{\"command\": \"config-reload\"}")
                            .get("result"));
                    reloads++;
                } else {
                    String body = "{\"command\": \"config-set\", \"arguments\": " + config(generation) + "}";
                    assertEquals(0L, ControlClients.unixAnswer(sock, body).get("result"));
                    sets++;
                }
                clientsDone.set(clients.stream().allMatch(Future::isDone));
            }
            int completed = 0;
            for (Future<Integer> f : clients) {
                completed += f.get(1, TimeUnit.MINUTES);
            }
            assertTrue(reloads >= 3 && sets >= 3, "reconfigured while serving (" + reloads + " reloads, " + sets
                    + " config-sets)");
            assertTrue(completed >= CLIENT_THREADS * DORAS_PER_THREAD / 2, "most DORAs completed: " + completed);
            assertEquals(completed, acked.size());
            // no address ACKed to two clients
            Map<Integer, HardwareAddress> byAddress = new HashMap<>();
            acked.forEach((hw, address) -> {
                HardwareAddress other = byAddress.put(address, hw);
                assertTrue(other == null, Ipv4.toString(address) + " was ACKed to " + hw + " and " + other);
            });
            // every ACKed address is still leased to its client
            for (Map.Entry<HardwareAddress, Integer> e : acked.entrySet()) {
                Lease4 l = server.leaseStore().get(e.getValue()).orElseThrow(() -> new AssertionError(
                        "ACKed lease " + Ipv4.toString(e.getValue()) + " is gone"));
                assertEquals(e.getKey(), l.hardwareAddress(), Ipv4.toString(e.getValue()));
                assertEquals(0, l.state(), "active");
                assertEquals(1, server.leaseStore().getByHardwareAddress(e.getKey()).size(), "one lease per client");
            }
            assertEquals(server.leaseStore().size(),
                    server.statistics().find("subnet[1].assigned-addresses").orElseThrow().get(),
                    "statistics recounted correctly after every reconfiguration");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sequential DORAs from one socket; returns how many were ACKed. */
    private static int runClient(int thread, InetAddress lo, InetSocketAddress to, long deadline,
                                 Map<HardwareAddress, Integer> acked) throws Exception {
        int done = 0;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            s.setSoTimeout(500);
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {(byte) thread}).relaySourcePort()
                    .build();
            for (int i = 0; i < DORAS_PER_THREAD && System.nanoTime() < deadline; i++) {
                HardwareAddress hw = HardwareAddress.ethernet(new byte[] {2, 0x77, (byte) thread, 0, (byte) (i >> 8),
                        (byte) i});
                int xid = thread << 24 | i << 1;
                DhcpMessage offer = exchange(s, to, DhcpMessage.builder().xid(xid).hardwareAddress(hw)
                        .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai)
                        .build(), deadline);
                if (offer == null || offer.messageType() != DhcpMessageType.OFFER) {
                    continue;
                }
                DhcpMessage ack = exchange(s, to, DhcpMessage.builder().xid(xid | 1).hardwareAddress(hw)
                        .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.REQUEST)
                        .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().getAsInt())
                        .relayAgentInfo(rai).build(), deadline);
                if (ack != null && ack.messageType() == DhcpMessageType.ACK) {
                    acked.put(hw, ack.yiaddr());
                    done++;
                }
            }
        }
        return done;
    }

    /** Sends (resending up to 3 times) and waits for the reply with the same xid. */
    private static DhcpMessage exchange(DatagramSocket s, InetSocketAddress to, DhcpMessage q, long deadline)
            throws Exception {
        ByteBuf b = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(q, b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        for (int attempt = 0; attempt < 4 && System.nanoTime() < deadline; attempt++) {
            s.send(new DatagramPacket(out, out.length, to));
            try {
                while (true) {
                    s.receive(in);
                    DhcpMessage r = DhcpDecoder.decode(in.getData(), 0, in.getLength());
                    if (r.xid() == q.xid()) {
                        return r;
                    }
                }
            } catch (SocketTimeoutException e) {
                // resend
            }
        }
        return null;
    }
}
