package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine from packet bytes in to packet bytes out (decode, {@link DhcpEngine#process}, encode), without the
 * transport, over an {@link InMemoryLeaseStore}: every operation is a <em>new</em> client (a fresh MAC written into
 * the captured perfdhcp packets, in chaddr and option 61), relayed like perfdhcp's, in one /8 subnet whose
 * 8,388,607-address pool never runs short. The engine and store are rebuilt before every iteration,
 * so each iteration measures the same steady state (an empty server filling up) and nothing accumulates.
 *
 * <ul>
 *   <li>{@code discoverOffer}: DISCOVER to OFFER (allocation, held offer, reply assembly);</li>
 *   <li>{@code requestAck}: a SELECTING REQUEST for a free pool address to ACK (checks, lease commit);</li>
 *   <li>{@code dora}: both, the REQUEST asking for the address just offered (one DORA as perfdhcp counts it).</li>
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EngineBenchmark</pre>
 * Add {@code -t 2} for two worker threads sharing the engine, as the server's workers do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    static final String CONFIG = """
            { "Dhcp4": {
                "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
                "lease-database": { "type": "memfile", "persist": false },
                "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                    "pools": [ { "pool": "10.128.0.0 - 10.255.255.254" } ],
                    "option-data": [ { "name": "routers", "data": "10.77.0.1" },
                                     { "name": "domain-name-servers", "data": "10.77.0.1" } ] } ]
            } }
            """;
    /** The server address perfdhcp's captured REQUEST names in option 54. */
    static final int SERVER = Ipv4.parse("10.77.0.1");
    static final int POOL_FIRST = Ipv4.parse("10.128.0.0");
    static final byte[] TEMPLATE_MAC = {0x02, 0x4c, 0x48, 0x00, 0x01, 0x00};

    private EngineConfig config;
    private DhcpEngine engine;
    private final AtomicInteger clients = new AtomicInteger();

    /**
     * The query context for a relayed query of this length, an equal one reused (the server's pipeline does the
     * same, so that a context is not made per packet).
     */
    static QueryContext context(QueryContext[] cache, int source, int length) {
        int i = (length * 31 + source) & (cache.length - 1);
        QueryContext c = cache[i];
        if (c == null || c.sourceAddress() != source || c.length() != length) {
            c = QueryContext.unicast(SERVER, source, 67, length);
            cache[i] = c;
        }
        return c;
    }

    /** Per-thread packet buffers: the two captured queries with the MAC bytes located once. */
    @State(Scope.Thread)
    public static class Packets {
        byte[] discover;
        int[] discoverMacAt;
        byte[] request;
        int[] requestMacAt;
        int requestedAt;
        ByteBuf out;
        /** This thread's query and reply storage, reused for every packet (as the server's workers do). */
        final MessageSlot queries = new MessageSlot();
        final MessageSlot replies = new MessageSlot();
        /** Contexts by source and length, reused as the server's pipeline reuses an equal one. */
        final QueryContext[] contexts = new QueryContext[8];

        @Setup
        public void setUp() {
            discover = GoldenPackets.load("perfdhcp-relay-discover-perfdhcp");
            discoverMacAt = macOffsets(discover);
            request = GoldenPackets.load("perfdhcp-relay-request-perfdhcp");
            requestMacAt = macOffsets(request);
            requestedAt = GoldenPackets.optionValueOffset(request, 50);
            out = Unpooled.buffer(1500);
        }

        @TearDown
        public void tearDown() {
            out.release();
        }

        /** Writes {@code address} into the REQUEST's option 50. */
        void requesting(int address) {
            byte[] r = request;
            int i = requestedAt;
            r[i] = (byte) (address >>> 24);
            r[i + 1] = (byte) (address >>> 16);
            r[i + 2] = (byte) (address >>> 8);
            r[i + 3] = (byte) address;
        }

        /** Writes client number {@code n} as the last four MAC bytes (02:4c:nn:nn:nn:nn) everywhere it appears. */
        static void client(byte[] p, int[] at, int n) {
            for (int i : at) {
                p[i + 2] = (byte) (n >>> 24);
                p[i + 3] = (byte) (n >>> 16);
                p[i + 4] = (byte) (n >>> 8);
                p[i + 5] = (byte) n;
            }
        }

        static int[] macOffsets(byte[] p) {
            int[] at = new int[8];
            int n = 0;
            outer:
            for (int i = 0; i + 6 <= p.length; i++) {
                for (int j = 0; j < 6; j++) {
                    if (p[i + j] != TEMPLATE_MAC[j]) {
                        continue outer;
                    }
                }
                at[n++] = i;
            }
            if (n < 2) {
                throw new IllegalStateException("template MAC found " + n + " times, expected chaddr and option 61");
            }
            return java.util.Arrays.copyOf(at, n);
        }
    }

    @Setup(Level.Trial)
    public void parseConfig() throws ConfigException {
        config = EngineConfig.from(KeaConfigLoader.parse(CONFIG, "EngineBenchmark"));
    }

    /** A new, empty server before each iteration, checked to answer as expected. */
    @Setup(Level.Iteration)
    public void freshEngine() {
        engine = DhcpEngine.builder(config, new InMemoryLeaseStore()).localAddresses(Set.of(SERVER)).build();
        clients.set(0);
        Packets p = new Packets();
        p.setUp();
        try {
            expect(DhcpMessageType.OFFER, offer(p));
            expect(DhcpMessageType.ACK, ack(p, Ipv4.parse("10.255.255.254")));
        } finally {
            p.tearDown();
        }
    }

    private static void expect(DhcpMessageType type, Outcome o) {
        if (!o.hasReply() || o.reply().messageType() != type) {
            throw new IllegalStateException("expected " + type + ", got " + o);
        }
    }

    private Outcome offer(Packets p) {
        Packets.client(p.discover, p.discoverMacAt, clients.incrementAndGet());
        return handle(p, p.discover);
    }

    private Outcome ack(Packets p, int address) {
        Packets.client(p.request, p.requestMacAt, clients.incrementAndGet());
        return request(p, address);
    }

    private Outcome request(Packets p, int address) {
        p.requesting(address);
        return handle(p, p.request);
    }

    /**
     * Decode, process, encode the reply: what a worker does per packet, minus the socket. Query and reply live in the
     * thread's {@link MessageSlot}s, valid until its next packet.
     */
    private Outcome handle(Packets p, byte[] packet) {
        DhcpMessage q = p.queries.decode(packet, 0, packet.length);
        Outcome o = engine.process(q, context(p.contexts, q.giaddr(), packet.length), p.replies);
        if (o.hasReply()) {
            p.out.clear();
            DhcpEncoder.DEFAULT.encode(o.reply(), p.out);
            engine.countSent(o.reply());
        }
        return o;
    }

    /** A new client's DISCOVER to OFFER. */
    @Benchmark
    public Outcome discoverOffer(Packets p) {
        return offer(p);
    }

    /** A new client's SELECTING REQUEST for a free address (the n-th of the pool) to ACK. */
    @Benchmark
    public Outcome requestAck(Packets p) {
        int n = clients.incrementAndGet();
        Packets.client(p.request, p.requestMacAt, n);
        return request(p, POOL_FIRST + n);
    }

    /** A new client's DISCOVER and its REQUEST for the offered address: one complete DORA. */
    @Benchmark
    public Outcome dora(Packets p) {
        int n = clients.incrementAndGet();
        Packets.client(p.discover, p.discoverMacAt, n);
        Outcome offer = handle(p, p.discover);
        Packets.client(p.request, p.requestMacAt, n);
        return request(p, offer.reply().yiaddr());
    }
}
