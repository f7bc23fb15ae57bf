package io.leasehold.dhcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Bytes allocated per DORA on the worker's path (decode, engine, encode) stay within a budget, so that a change that
 * brings back per-packet copies, maps or builders fails here and not only in a benchmark. Counted with the JVM's
 * per-thread allocation counter, which counts every allocation whether or not the JIT has compiled the code yet, so
 * the count does not depend on timing. Query and reply live in reused {@code MessageSlot}s, as in the server's
 * pipeline. Measured here: about 840 B per DORA (part of it before C2 has compiled the path; benchmarks'
 * AllocationPerDora reads ~640 after C2, of which about 430 stay reachable as the new client's lease, its index
 * entries and the held offer). History: 9,650 before the reply builder, decoder scratch and class-set rework; 5,560
 * after it; 2,350 with slots, the reused exchange and no OptionalInt, lambda or option copy per query; 840 with the
 * store's primitive-keyed maps and lock stripes and the identity cache. It fails if the query and reply slots are
 * undone (4,170 B at 2,350); the margin is for a slower machine where less is compiled. A DORA always allocates
 * the new client's lease and its index entries, hence the lower bound that shows the counter counts.
 */
class AllocationBudgetTest {
    /** Bytes per DORA allowed: a new client each time, relayed, with client identifier and relay information. */
    static final long BUDGET = 1_500;
    static final int SERVER = Ipv4.parse("10.77.0.1");

    @Test
    void aDoraStaysWithinItsAllocationBudget() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                && t.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        DhcpEngine engine = DhcpEngine.builder(EngineConfig.from(KeaConfigLoader.parse("""
                { "Dhcp4": {
                    "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                        "pools": [ { "pool": "10.128.0.0 - 10.255.255.254" } ],
                        "option-data": [ { "name": "routers", "data": "10.77.0.1" },
                                         { "name": "domain-name-servers", "data": "10.77.0.1" } ] } ]
                } }""", "budget.json")), new InMemoryLeaseStore()).localAddresses(Set.of(SERVER)).build();
        RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {1, 2, 3, 4}).build();
        ByteBuf out = Unpooled.buffer(1500);
        long[] bytes = new long[1];
        int warm = 3_000;
        int measured = 5_000;
        for (int n = 1; n <= warm + measured; n++) {
            if (n == warm + 1) {
                bytes[0] = 0;
            }
            byte[] mac = {0x02, 0x4c, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            DhcpMessage.Builder q = Queries.relayed(Queries.base(DhcpMessageType.DISCOVER,
                    io.leasehold.dhcp.lease.HardwareAddress.ethernet(mac), n), "10.77.0.1")
                    .clientId(ClientId.of(new byte[] {1, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]}))
                    .relayAgentInfo(rai);
            DhcpMessage offer = exchange(engine, wire(q.build()), out, threads, bytes);
            assertEquals(DhcpMessageType.OFFER, offer.messageType());
            int offered = offer.yiaddr(); // read before the next exchange reuses the reply slot
            q.messageType(DhcpMessageType.REQUEST).requestedAddress(offered).serverIdentifier(SERVER);
            DhcpMessage ack = exchange(engine, wire(q.build()), out, threads, bytes);
            assertEquals(DhcpMessageType.ACK, ack.messageType());
            assertEquals(offered, ack.yiaddr());
        }
        long perDora = bytes[0] / measured;
        assertTrue(perDora > 200, "the counter counts: " + perDora);
        assertTrue(perDora <= BUDGET, perDora + " bytes allocated per DORA, budget " + BUDGET);
    }

    private static byte[] wire(DhcpMessage m) {
        ByteBuf b = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(m, b);
        return ByteBufUtil.getBytes(b);
    }

    /** The worker's storage for queries and replies, reused packet after packet (as the server's pipeline does). */
    private static final MessageSlot QUERIES = new MessageSlot();
    private static final MessageSlot REPLIES = new MessageSlot();

    /** Decode, process, encode; adds what that allocated on this thread to {@code bytes[0]}. */
    private static DhcpMessage exchange(DhcpEngine engine, byte[] packet, ByteBuf out,
                                        com.sun.management.ThreadMXBean threads, long[] bytes) {
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        DhcpMessage q = QUERIES.decode(packet, 0, packet.length);
        Outcome o = engine.process(q, QueryContext.unicast(SERVER, q.giaddr(), 67, packet.length), REPLIES);
        out.clear();
        DhcpEncoder.DEFAULT.encode(o.reply(), out);
        bytes[0] += threads.getThreadAllocatedBytes(id) - before;
        return o.reply();
    }
}
