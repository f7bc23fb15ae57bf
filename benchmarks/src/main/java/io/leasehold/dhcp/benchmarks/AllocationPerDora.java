package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Bytes allocated per DORA by each stage of {@link EngineBenchmark}'s path (decode, engine, encode), split so that a
 * change can be seen where it lands; JMH's {@code -prof gc} gives only the total. Same configuration, captured
 * packets and new-client-per-DORA rule as {@code EngineBenchmark.dora}. The engine's share includes what a new
 * client's lease keeps (the lease, its index entries, the held offer), which no rework can remove.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.AllocationPerDora [warm-up DORAs] [measured DORAs] [--new-messages] [--store inmemory|memfile|memfile-persist]</pre>
 * Queries and replies live in two reused {@link io.leasehold.dhcp.codec.MessageSlot}s, as in the server's workers;
 * {@code --new-messages} decodes and builds new messages instead. The store is {@link InMemoryLeaseStore} (as in
 * {@code EngineBenchmark}) unless {@code --store} names the memfile store the server runs: {@code memfile} in
 * memory ({@code "persist": false}), {@code memfile-persist} writing a lease file in a temporary directory (no
 * fsync), whose writes then count too.
 */
public final class AllocationPerDora {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final DhcpEngine engine;
    private final EngineBenchmark.Packets p = new EngineBenchmark.Packets();
    private int client;
    /** Whether queries and replies live in reused {@link io.leasehold.dhcp.codec.MessageSlot}s (else new messages). */
    private final boolean slots;
    /** Bytes per stage: 0 decode, 1 engine, 2 encode. */
    private final long[] bytes = new long[3];

    private AllocationPerDora(boolean slots, LeaseStore store) throws Exception {
        this.slots = slots;
        EngineConfig config = EngineConfig.from(KeaConfigLoader.parse(EngineBenchmark.CONFIG, "AllocationPerDora"));
        engine = DhcpEngine.builder(config, store).localAddresses(Set.of(EngineBenchmark.SERVER)).build();
        p.setUp();
    }

    private void dora() {
        int n = ++client;
        EngineBenchmark.Packets.client(p.discover, p.discoverMacAt, n);
        Outcome offer = handle(p.discover);
        if (offer.reply() == null || offer.reply().messageType() != DhcpMessageType.OFFER) {
            throw new IllegalStateException("no OFFER: " + offer);
        }
        EngineBenchmark.Packets.client(p.request, p.requestMacAt, n);
        p.requesting(offer.reply().yiaddr());
        Outcome ack = handle(p.request);
        if (ack.reply() == null || ack.reply().messageType() != DhcpMessageType.ACK) {
            throw new IllegalStateException("no ACK: " + ack);
        }
    }

    private Outcome handle(byte[] packet) {
        long id = Thread.currentThread().getId();
        long t0 = THREADS.getThreadAllocatedBytes(id);
        DhcpMessage q = slots ? p.queries.decode(packet, 0, packet.length) : DhcpDecoder.decode(packet, 0, packet.length);
        long t1 = THREADS.getThreadAllocatedBytes(id);
        QueryContext ctx = context(q.giaddr(), packet.length);
        Outcome o = slots ? engine.process(q, ctx, p.replies) : engine.process(q, ctx);
        long t2 = THREADS.getThreadAllocatedBytes(id);
        if (o.hasReply()) {
            p.out.clear();
            DhcpEncoder.DEFAULT.encode(o.reply(), p.out);
            engine.countSent(o.reply());
        }
        long t3 = THREADS.getThreadAllocatedBytes(id);
        bytes[0] += t1 - t0;
        bytes[1] += t2 - t1;
        bytes[2] += t3 - t2;
        return o;
    }

    private final QueryContext[] contexts = new QueryContext[8];

    private QueryContext context(int source, int length) {
        return EngineBenchmark.context(contexts, source, length);
    }

    /** Heap in use after full collections (System.gc() is a full, stop-the-world collection with G1 and Serial). */
    private static long heapAfterGc() {
        java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<String> flags = Arrays.asList(args).subList(Math.min(2, args.length), args.length);
        boolean slots = !flags.contains("--new-messages");
        int at = flags.indexOf("--store");
        String kind = at >= 0 && at + 1 < flags.size() ? flags.get(at + 1) : "inmemory";
        Path dir = kind.equals("memfile-persist") ? Files.createTempDirectory("leasehold-alloc") : null;
        LeaseStore store = switch (kind) {
            case "inmemory" -> new InMemoryLeaseStore();
            case "memfile" -> MemfileLeaseStore.open(MemfileConfig.inMemory());
            case "memfile-persist" -> MemfileLeaseStore.open(MemfileConfig.builder()
                    .name(dir.resolve("leases4.csv")).lfcIntervalSeconds(0).fsyncPolicy(FsyncPolicy.NONE).build());
            default -> throw new IllegalArgumentException("--store must be inmemory, memfile or memfile-persist");
        };
        try {
            run(new AllocationPerDora(slots, store), warm, measured, kind);
        } finally {
            store.close();
            if (dir != null) {
                BenchLeases.deleteTree(dir);
            }
        }
    }

    private static void run(AllocationPerDora a, int warm, int measured, String kind) {
        boolean slots = a.slots;
        for (int i = 0; i < warm; i++) {
            a.dora();
        }
        java.util.Arrays.fill(a.bytes, 0);
        long heapBefore = heapAfterGc();
        for (int i = 0; i < measured; i++) {
            a.dora();
        }
        long kept = heapAfterGc() - heapBefore;
        long total = a.bytes[0] + a.bytes[1] + a.bytes[2];
        System.out.printf(kind + " store, " + (slots ? "messages in slots" : "new messages") + "; bytes per DORA after %,d warm-up DORAs, over %,d: decode %d, engine %d, encode %d, total %d;"
                        + " still reachable after a full collection (the new clients' leases, index entries and"
                        + " offers) %d, garbage %d%n",
                warm, measured, a.bytes[0] / measured, a.bytes[1] / measured, a.bytes[2] / measured,
                total / measured, kept / measured, (total - kept) / measured);
        a.p.tearDown();
    }
}
