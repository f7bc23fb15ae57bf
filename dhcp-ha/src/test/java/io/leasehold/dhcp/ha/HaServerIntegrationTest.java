package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two complete {@link DhcpServer}s on loopback (relay mode, no root) with HA added through the builder and peers
 * wired in memory: a DORA over real UDP on the primary is held until the standby has the lease.
 */
class HaServerIntegrationTest {
    private static String config(String self) {
        return config(self, 18101);
    }

    private static String config(String self, int port) {
        return """
                { "Dhcp4": {
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "valid-lifetime": 3600,
                    "hooks-libraries": [ { "library": "/usr/lib/kea/hooks/libdhcp_lease_cmds.so" },
                      { "library": "/usr/lib/kea/hooks/libdhcp_ha.so", "parameters": { "high-availability": [ {
                        "this-server-name": "%s", "mode": "hot-standby", "heartbeat-delay": 1000,
                        "max-response-delay": 3000, "peers": [
                          { "name": "server1", "url": "http://127.0.0.1:%d/", "role": "primary" },
                          { "name": "server2", "url": "http://127.0.0.1:%d/", "role": "standby" } ] } ] } } ],
                    "subnet4": [ { "id": 7, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
                """.formatted(self, port, port + 1);
    }

    private static DhcpServer server(String self, VirtualTime time, Map<String, CommandRegistry> registries)
            throws Exception {
        return server(self, time, registries, Duration.ZERO, new CopyOnWriteArrayList<>());
    }

    /** {@code clients} collects the peer clients made, whose requests are recorded. */
    private static DhcpServer server(String self, VirtualTime time, Map<String, CommandRegistry> registries,
                                     Duration warmUp, List<InMemoryPeerClient> clients) throws Exception {
        KeaConfig c = KeaConfigLoader.parse(config(self), self);
        HaExtension ha = HaExtension.builder(c).dedicatedListeners(false).peerClients(peer -> {
            InMemoryPeerClient client = new InMemoryPeerClient(() -> registries.get(peer.name()),
                    () -> registries.containsKey(peer.name()), Runnable::run);
            clients.add(client);
            return client;
        }).build();
        DhcpServer s = DhcpServer.builder().config(c).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getByName("127.0.0.1")).serverPort(0).controlSockets(false).scheduler(time)
                .extension(ha).warmUp(warmUp).build().start();
        registries.put(self, s.commands());
        return s;
    }

    private static HaExtension ha(DhcpServer s) {
        for (ServerExtension e : s.extensions()) {
            if (e instanceof HaExtension h) {
                return h;
            }
        }
        throw new AssertionError("no HA extension");
    }

    private static DhcpMessage exchange(DatagramSocket s, InetSocketAddress server, DhcpMessage q) throws Exception {
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
    void aPairOnLoopbackTalksRealHttpThroughTheDiscoveredExtension() throws Exception {
        // Both servers get HA through ServiceLoader, with the Netty peer client and the dedicated listeners on the
        // peer URLs: this is the configuration an admin runs, on loopback, in real time.
        int base = 18300 + (int) (ProcessHandle.current().pid() % 500) * 2;
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer s1 = DhcpServer.builder().configText(config("server1", base))
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(lo).serverPort(0).controlSockets(false).build()
                .start();
             DhcpServer s2 = DhcpServer.builder().configText(config("server2", base))
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(lo).serverPort(0).controlSockets(false).build()
                .start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((ha(s1).status().state() != HaState.HOT_STANDBY || ha(s2).status().state() != HaState.HOT_STANDBY)
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // real heartbeats over real HTTP: there is no virtual clock to move
            }
            assertEquals(HaState.HOT_STANDBY, ha(s1).status().state());
            assertEquals(HaState.HOT_STANDBY, ha(s2).status().state());
            client.setSoTimeout(10_000);
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:43");
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId("c1".getBytes()).relaySourcePort().build();
            DhcpMessage offer = exchange(client, s1.localAddress(), DhcpMessage.builder().xid(1).hardwareAddress(hw)
                    .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai)
                    .build());
            DhcpMessage ack = exchange(client, s1.localAddress(), DhcpMessage.builder().xid(2).hardwareAddress(hw)
                    .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.REQUEST)
                    .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().getAsInt())
                    .relayAgentInfo(rai).build());
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertNotNull(s2.leaseStore().get(ack.yiaddr()).orElse(null),
                    "the lease4-update reached the standby over HTTP before the ACK left");
        }
    }

    /** The lease commands (lease4-update, lease4-del...) a server's peer clients have sent. */
    private static List<Object> leaseCommands(List<InMemoryPeerClient> clients) {
        List<Object> out = new ArrayList<>();
        for (InMemoryPeerClient c : clients) {
            synchronized (c.sent) {
                c.sent.stream().map(r -> r.get("command")).filter(n -> String.valueOf(n).startsWith("lease4-"))
                        .filter(n -> !"lease4-get-page".equals(n)).forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void aStandbyRestartedIntoARunningPairHasItsPartnersLeasesBeforeItsWarmUpAndSockets() throws Exception {
        // Real HTTP between the two (the wait is for dedicated listeners only). The restarted standby pulls its
        // partner's leases before its warm-up instead of beside it: when start() returns (warm-up done, sockets
        // open) the pull is over, however short the warm-up's own budget.
        int base = 19400 + (int) (ProcessHandle.current().pid() % 300) * 2;
        int leases = 50_000;
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        String c1 = config("server1", base).replace("192.0.2.0/24", "10.0.0.0/8")
                .replace("192.0.2.100 - 192.0.2.199", "10.0.0.10 - 10.255.255.200");
        String c2 = c1.replace("\"this-server-name\": \"server1\"", "\"this-server-name\": \"server2\"");
        try (DhcpServer s1 = DhcpServer.builder().configText(c1).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlSockets(false).build().start()) {
            int first = Ipv4.parse("10.1.0.0");
            long now = System.currentTimeMillis() / 1000;
            for (int i = 0; i < leases; i++) {
                s1.leaseStore().add(Lease4.builder(first + i).subnetId(7).validLifetime(3600).cltt(now)
                        .hardwareAddress(HardwareAddress.parse(String.format("02:00:00:%02x:%02x:%02x", i >> 16,
                                (i >> 8) & 0xff, i & 0xff))).build());
            }
            try (DhcpServer s2 = DhcpServer.builder().configText(c2).transportMode(DhcpTransport.Mode.NIO)
                    .bindAddress(lo).serverPort(0).controlSockets(false).build().start()) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while ((ha(s1).status().state() != HaState.HOT_STANDBY
                        || ha(s2).status().state() != HaState.HOT_STANDBY) && System.nanoTime() < deadline) {
                    Thread.sleep(50); // real heartbeats over real HTTP: there is no virtual clock to move
                }
                assertEquals(HaState.HOT_STANDBY, ha(s2).status().state());
                assertEquals(leases, s2.leaseStore().size(), "the first start's sync");
            }
            // the standby restarts with an empty store while the primary serves
            try (DhcpServer s2 = DhcpServer.builder().configText(c2).transportMode(DhcpTransport.Mode.NIO)
                    .bindAddress(lo).serverPort(0).controlSockets(false).warmUp(Duration.ofMillis(1)).build()
                    .start()) {
                HaState after = ha(s2).status().state();
                assertTrue(after == HaState.READY || after == HaState.HOT_STANDBY,
                        "past the sync when the sockets opened, was " + after);
                assertEquals(leases, s2.leaseStore().size(), "every lease pulled before the warm-up");
            }
        }
    }

    @Test
    void aWarmedUpPairSendsNoLeaseUpdateBeforeTheFirstRealClient() throws Exception {
        // The warm-up runs thousands of synthetic DORAs and RELEASEs on each server before its sockets open; none
        // of them may reach the partner (the warm-up's private pipeline has no HA hook).
        VirtualTime time = new VirtualTime();
        Map<String, CommandRegistry> registries = new ConcurrentHashMap<>();
        List<InMemoryPeerClient> c1 = new CopyOnWriteArrayList<>();
        List<InMemoryPeerClient> c2 = new CopyOnWriteArrayList<>();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer s1 = server("server1", time, registries, Duration.ofMinutes(10), c1);
             DhcpServer s2 = server("server2", time, registries, Duration.ofMinutes(10), c2);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            for (int i = 0; i < 300 && (ha(s1).status().state() != HaState.HOT_STANDBY
                    || ha(s2).status().state() != HaState.HOT_STANDBY); i++) {
                time.advance(100);
            }
            assertEquals(HaState.HOT_STANDBY, ha(s1).status().state());
            assertEquals(List.of(), leaseCommands(c1), "lease commands from the primary before any client");
            assertEquals(List.of(), leaseCommands(c2), "lease commands from the standby before any client");
            assertEquals(0, s1.leaseStore().size());
            assertEquals(0, s2.leaseStore().size());
            client.setSoTimeout(10_000);
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:44");
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId("c1".getBytes()).relaySourcePort().build();
            DhcpMessage offer = exchange(client, s1.localAddress(), DhcpMessage.builder().xid(1).hardwareAddress(hw)
                    .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai)
                    .build());
            DhcpMessage ack = exchange(client, s1.localAddress(), DhcpMessage.builder().xid(2).hardwareAddress(hw)
                    .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.REQUEST)
                    .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().getAsInt())
                    .relayAgentInfo(rai).build());
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertEquals(Ipv4.parse("192.0.2.100"), ack.yiaddr(), "the first address: the real allocator is fresh");
            assertEquals(List.of("lease4-update"), leaseCommands(c1), "one update, for the real client");
            assertEquals(1, s2.leaseStore().size());
        }
    }

    @Test
    void aDoraOverUdpIsAcknowledgedOnlyOnceTheStandbyHasTheLease() throws Exception {
        VirtualTime time = new VirtualTime();
        Map<String, CommandRegistry> registries = new ConcurrentHashMap<>();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer s1 = server("server1", time, registries);
             DhcpServer s2 = server("server2", time, registries);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            assertEquals(1, s1.extensions().size(), "the builder's HA replaced the discovered one");
            for (int i = 0; i < 300 && (ha(s1).status().state() != HaState.HOT_STANDBY
                    || ha(s2).status().state() != HaState.HOT_STANDBY); i++) {
                time.advance(100);
            }
            assertEquals(HaState.HOT_STANDBY, ha(s1).status().state());
            assertEquals(HaState.HOT_STANDBY, ha(s2).status().state());
            client.setSoTimeout(10_000);
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:42");
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId("c1".getBytes()).relaySourcePort().build();
            DhcpMessage discover = DhcpMessage.builder().xid(1).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                    .messageType(DhcpMessageType.DISCOVER).relayAgentInfo(rai).build();
            DhcpMessage offer = exchange(client, s1.localAddress(), discover);
            assertEquals(DhcpMessageType.OFFER, offer.messageType());
            DhcpMessage request = DhcpMessage.builder().xid(2).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1"))
                    .messageType(DhcpMessageType.REQUEST).requestedAddress(offer.yiaddr())
                    .serverIdentifier(offer.serverIdentifier().getAsInt()).relayAgentInfo(rai).build();
            DhcpMessage ack = exchange(client, s1.localAddress(), request);
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertNotNull(s2.leaseStore().get(ack.yiaddr()).orElse(null), "the standby had it before the ACK left");
            assertEquals(1, s2.statistics().find("subnet[7].assigned-addresses").orElseThrow().get());

            ControlResult status = s1.commands().execute(new Command("status-get", null, List.of(), "test"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> haStatus = (List<Map<String, Object>>) ((Map<String, Object>) status
                    .arguments()).get("high-availability");
            assertEquals("hot-standby", haStatus.get(0).get("ha-mode"));
            assertTrue(s1.commands().names().contains("ha-heartbeat"));

            // A configuration change in the HA section restarts HA in waiting; back to hot-standby after a sync.
            s1.reconfigure(KeaConfigLoader.parse(config("server1").replace("\"heartbeat-delay\": 1000",
                    "\"heartbeat-delay\": 500"), "server1-v2"));
            assertEquals(HaState.WAITING, ha(s1).status().state());
            for (int i = 0; i < 300 && ha(s1).status().state() != HaState.HOT_STANDBY; i++) {
                time.advance(100);
            }
            assertEquals(HaState.HOT_STANDBY, ha(s1).status().state());
            assertNotNull(s1.leaseStore().get(ack.yiaddr()).orElse(null));
            s2.reconfigure(KeaConfigLoader.parse(config("server2").replace("\"valid-lifetime\": 3600",
                    "\"valid-lifetime\": 7200"), "server2-v2"));
            assertEquals(HaState.HOT_STANDBY, ha(s2).status().state(), "no HA change: HA keeps running");
        }
    }
}
