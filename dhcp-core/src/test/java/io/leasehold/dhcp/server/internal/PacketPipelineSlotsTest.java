package io.leasehold.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pipeline decodes each query into its thread's {@code MessageSlot} and builds the reply in another: what is kept
 * past the thread's next packet (a reply parked for the HA partner, a retransmission waiting behind its client's
 * packet in flight, the query given to {@code leasesCommitted}) must have been copied out, or it would be sent, or
 * processed, with the next packet's contents.
 */
class PacketPipelineSlotsTest {
    private static final int SERVER = Ipv4.parse("10.77.0.1");
    private static final int RELAY = Ipv4.parse("10.0.0.1");

    private final List<DhcpMessage> sent = new CopyOnWriteArrayList<>();
    private final Responder responder = (payload, destination) -> {
        try {
            sent.add(DhcpDecoder.decode(payload));
        } finally {
            payload.release();
        }
    };

    private static DhcpEngine engine(QueryHook hook) throws Exception {
        return DhcpEngine.builder(EngineConfig.from(KeaConfigLoader.parse("""
                { "Dhcp4": { "valid-lifetime": 4000,
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                        "pools": [ { "pool": "10.128.0.0 - 10.255.255.254" } ] } ] } }""", "slots.json")),
                new InMemoryLeaseStore()).hook(hook).localAddresses(Set.of(SERVER)).build();
    }

    private static PacketPipeline pipeline(DhcpEngine engine, QueryHook hook) {
        VirtualTime time = new VirtualTime();
        return new PacketPipeline(engine, new ServiceState(time), hook, ServerListener.NONE, 0,
                new StatisticsRegistry(time));
    }

    private static DhcpMessage.Builder query(DhcpMessageType type, int client, int xid) {
        return DhcpMessage.builder().messageType(type).xid(xid).giaddr(RELAY)
                .hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, (byte) client}));
    }

    private static InboundPacket packet(DhcpMessage m) {
        ByteBuf b = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(m, b);
        return new InboundPacket(b, new InetSocketAddress("10.0.0.1", 67),
                new InetSocketAddress("10.77.0.1", 67), null, -1, System.nanoTime());
    }

    private DhcpMessage lastSent() {
        return sent.get(sent.size() - 1);
    }

    /** A hook that parks every lease update until the test completes it, and keeps the query it was given. */
    private static final class ParkingHook implements QueryHook {
        final List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        final List<DhcpMessage> queries = new ArrayList<>();

        @Override
        public synchronized CompletionStage<Boolean> leasesCommitted(DhcpMessage query, List<Lease4> updated,
                                                                     List<Lease4> deleted) {
            queries.add(query);
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
    }

    @Test
    void aReplyParkedForThePartnerIsSentAsBuiltAfterTheThreadHasServedOthers() throws Exception {
        ParkingHook hook = new ParkingHook();
        PacketPipeline p = pipeline(engine(hook), hook);
        p.handle(packet(query(DhcpMessageType.DISCOVER, 1, 0x1001).build()), responder);
        int offered = lastSent().yiaddr();
        p.handle(packet(query(DhcpMessageType.REQUEST, 1, 0x1002).requestedAddress(offered)
                .serverIdentifier(SERVER).build()), responder);
        assertEquals(1, hook.pending.size(), "the ACK waits for the partner");
        assertEquals(1, sent.size());

        // The same thread serves another client meanwhile: its query and its OFFER overwrite the thread's slots.
        p.handle(packet(query(DhcpMessageType.DISCOVER, 2, 0x2001).build()), responder);
        assertEquals(0x2001, lastSent().xid());

        DhcpMessage committedQuery = hook.queries.get(0);
        assertFalse(committedQuery.isInSlot(), "leasesCommitted is given a query it may keep");
        assertEquals(0x1002, committedQuery.xid());
        hook.pending.get(0).complete(true);
        DhcpMessage ack = lastSent();
        assertEquals(DhcpMessageType.ACK, ack.messageType());
        assertEquals(0x1002, ack.xid());
        assertEquals(offered, ack.yiaddr());
        assertEquals(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 1}), ack.hardwareAddress());
        assertEquals(3, sent.size());
    }

    @Test
    void aRetransmissionWaitingBehindItsClientIsProcessedWithItsOwnContents() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QueryHook blockFirst = new QueryHook() {
            @Override
            public void classify(DhcpMessage query, Set<String> classes) {
                if (query.xid() == 0x1001) {
                    inside.countDown();
                    try {
                        assertTrue(release.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        PacketPipeline p = pipeline(engine(blockFirst), blockFirst);
        Thread first = new Thread(() -> p.handle(packet(query(DhcpMessageType.DISCOVER, 1, 0x1001).build()),
                responder), "first");
        first.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        // Client 1 is in flight on "first": its retransmission waits, decoded on this thread, whose slot the next
        // packet (client 2's) then overwrites.
        p.handle(packet(query(DhcpMessageType.DISCOVER, 1, 0x1003).build()), responder);
        p.handle(packet(query(DhcpMessageType.DISCOVER, 2, 0x2001).build()), responder);
        assertEquals(List.of(0x2001), sent.stream().map(DhcpMessage::xid).toList());
        release.countDown();
        first.join(30_000);
        assertFalse(first.isAlive());
        assertEquals(List.of(0x2001, 0x1001, 0x1003), sent.stream().map(DhcpMessage::xid).toList(),
                "the waiting retransmission is answered as itself, after the packet in flight");
        assertEquals(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 1}), lastSent().hardwareAddress());
    }
}
