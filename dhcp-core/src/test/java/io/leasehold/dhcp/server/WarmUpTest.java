package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.engine.DropReason;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.stats.Statistic;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that warmed up ({@link DhcpServer.Builder#warmUp}) is indistinguishable from a fresh one: the same
 * statistics with the same values, an empty lease store, and no call to the embedder's listener, hook or extension
 * hook (nothing an HA extension could turn into a lease update). The budget is generous so that every run does the
 * whole warm-up, however slow the machine; nothing here depends on how long it takes.
 */
class WarmUpTest {
    static final String CONFIG = """
            { "Dhcp4": { "lease-database": { "type": "memfile", "persist": false },
              "valid-lifetime": 4000,
              "subnet4": [
                { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ],
                  "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] },
                { "id": 2, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                  "pools": [ { "pool": "10.0.1.0 - 10.0.255.254" } ] } ] } }
            """;

    /** Records every call an embedder or extension could see. */
    static final class Recorder implements ServerListener, QueryHook {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void leaseGranted(Lease4 lease) {
            calls.add("granted " + lease);
        }

        @Override
        public void leaseRenewed(Lease4 lease) {
            calls.add("renewed " + lease);
        }

        @Override
        public void leaseReleased(Lease4 lease) {
            calls.add("released " + lease);
        }

        @Override
        public void leaseDeclined(Lease4 lease) {
            calls.add("declined " + lease);
        }

        @Override
        public void leaseExpired(Lease4 lease) {
            calls.add("expired " + lease);
        }

        @Override
        public void packetDropped(DhcpMessage query, DropReason reason, String detail) {
            calls.add("dropped " + reason);
        }

        @Override
        public void classify(DhcpMessage query, Set<String> classes) {
            calls.add("classify");
        }

        @Override
        public boolean accept(DhcpMessage query, Subnet4 subnet, Set<String> classes) {
            calls.add("accept");
            return true;
        }

        @Override
        public CompletionStage<Boolean> leasesCommitted(DhcpMessage query, List<Lease4> updated, List<Lease4> deleted) {
            calls.add("committed " + updated + " " + deleted);
            return CompletableFuture.completedFuture(true);
        }
    }

    /** An extension whose hook records (what HA's hook turns into lease updates to its partner). */
    static final class RecordingExtension implements ServerExtension {
        final Recorder hook = new Recorder();
        volatile boolean started;

        @Override
        public QueryHook hook() {
            return hook;
        }

        @Override
        public void start(ServerContext context) {
            started = true;
        }

        @Override
        public void close() {
        }
    }

    private static DhcpServer.Builder builder(Duration warmUp, Recorder listener, Recorder hook,
                                              ServerExtension extension) throws Exception {
        return DhcpServer.builder().configText(CONFIG).warmUp(warmUp).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getLoopbackAddress()).serverPort(0).controlSockets(false)
                .listener(listener).hook(hook).extension(extension);
    }

    private static Map<String, Long> values(DhcpServer server) {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, Statistic> e : server.statistics().all().entrySet()) {
            m.put(e.getKey(), e.getValue().get());
        }
        return m;
    }

    @Test
    void aWarmedUpServerLooksExactlyLikeAFreshOne() throws Exception {
        Map<String, Long> fresh;
        try (DhcpServer cold = builder(Duration.ZERO, new Recorder(), new Recorder(), new RecordingExtension())
                .build().start()) {
            fresh = values(cold);
        }
        Recorder listener = new Recorder();
        Recorder hook = new Recorder();
        RecordingExtension extension = new RecordingExtension();
        try (DhcpServer warm = builder(Duration.ofMinutes(10), listener, hook, extension).build().start()) {
            assertTrue(extension.started);
            assertEquals(fresh, values(warm), "statistics after the warm-up");
            assertEquals(0, warm.leaseStore().size(), "leases after the warm-up");
            assertEquals(List.of(), listener.calls, "listener calls during the warm-up");
            assertEquals(List.of(), hook.calls, "embedder hook calls during the warm-up");
            assertEquals(List.of(), extension.hook.calls, "extension hook calls during the warm-up");
            assertEquals(0, warm.dispatcher().queueFullDrops());
            assertEquals(0, warm.sendFailures());
        }
    }

    @Test
    void theWarmedUpServerServesItsFirstClientAsAFreshOneWould() throws Exception {
        Recorder listener = new Recorder();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DhcpServer server = builder(Duration.ofMinutes(10), listener, new Recorder(), new RecordingExtension())
                .build().start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            client.setSoTimeout(10_000);
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:01");
            RelayAgentInfo rai = RelayAgentInfo.builder().circuitId("c1".getBytes()).relaySourcePort().build();
            DhcpMessage offer = DhcpServerLoopbackTest.exchange(client, server.localAddress(), DhcpMessage.builder()
                    .xid(1).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.DISCOVER)
                    .relayAgentInfo(rai).build());
            // the first address of the pool: the warm-up's allocations did not move the real allocator
            assertEquals(Ipv4.parse("10.0.1.0"), offer.yiaddr());
            DhcpMessage ack = DhcpServerLoopbackTest.exchange(client, server.localAddress(), DhcpMessage.builder()
                    .xid(2).hardwareAddress(hw).giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.REQUEST)
                    .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().getAsInt())
                    .relayAgentInfo(rai).build());
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertEquals(1, server.leaseStore().size());
            assertEquals(1, listener.calls.size(), "the first real lease: " + listener.calls);
            assertEquals(1, server.statistics().find("pkt4-ack-sent").orElseThrow().get());
            assertEquals(1, server.statistics().find("subnet[2].assigned-addresses").orElseThrow().get());
        }
    }

    @Test
    void aNegativeBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DhcpServer.builder().warmUp(Duration.ofMillis(-1)));
    }

    @Test
    void anEmbeddersStoreIsNotTheWarmUpsStore() throws Exception {
        InMemoryLeaseStore mine = new InMemoryLeaseStore();
        KeaConfig config = io.leasehold.dhcp.config.KeaConfigLoader.parse(CONFIG, "test");
        try (DhcpServer server = DhcpServer.builder().config(config).leaseStore(mine).warmUp(Duration.ofMinutes(10))
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .controlSockets(false).build().start()) {
            assertEquals(0, mine.size());
            assertEquals(0, server.leaseStore().size());
        }
    }
}
