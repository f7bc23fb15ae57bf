package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.ReplyDestination;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's warm-up: before the DHCP sockets open, synthetic clients go through a private copy of the packet
 * path (decode, {@link PacketPipeline}, engine, encode) and a scratch lease store of the configured kind, so that
 * the classes are loaded and the JIT has compiled the hot paths before the first real query arrives. A fresh JVM
 * otherwise answers its first thousands of queries from the interpreter, loading classes as it goes, and drops
 * queries for several seconds at rates a warm server handles easily.
 *
 * <p>Nothing of the real server is used: the engine, statistics, service state and pipeline are new ones, the store
 * is {@link LeaseStoreFactory#scratchFor a scratch store} in a temporary directory that is deleted afterwards, the
 * allocators come from the shipped factory (never the embedder's), the hook and the listener are the no-op ones.
 * So the warm-up leaves no lease, statistic, HA update or listener call behind, and it logs one line
 * ({@code LH_WARMUP_DONE}, or {@code LH_WARMUP_FAILED} if it could not run, after which the server starts anyway).
 *
 * <p>How much: {@link #TARGET_QUERIES} queries, or fewer when the time budget runs out first. Each synthetic client
 * does a DORA and a RELEASE; some also renew, rebind, reboot (one in 32 for another address: a NAK), ask for an
 * INFORM or repeat their DISCOVER, relayed and direct, so that the branches real traffic takes have been seen by the
 * JIT's profiles and do not send compiled code back to the interpreter on the first real packets.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    /**
     * Queries after which the warm-up ends (about 4 per client). Measured with {@code -XX:+PrintCompilation}: see
     * benchmarks/README.md, "Cold start".
     */
    static final int TARGET_QUERIES = 40_000;
    /** Clients in a row without an OFFER after which a target is left out. */
    static final int GIVE_UP = 8;

    /**
     * What a warm-up did: queries run, synthetic clients, replies produced, time taken, whether the budget ended it,
     * and the temporary directory its scratch store used (deleted before {@link #run} returns; null when none).
     */
    public record Result(int queries, int clients, int replies, long millis, boolean budgetReached, Path scratch) {
    }

    private final PacketPipeline pipeline;
    private final WarmUpTraffic traffic;
    private final Reply[] responders = {new ReplyA(), new ReplyB(), new ReplyC()};
    private int queries;
    private int replies;

    private WarmUp(KeaConfig config, LeaseStore store, Scheduler scheduler, int serverPort, int clientPort,
                   Set<Integer> localAddresses) {
        StatisticsRegistry stats = new StatisticsRegistry(scheduler.clock());
        DhcpEngine engine = DhcpEngine.builder(EngineConfig.from(config), store).clock(scheduler.clock())
                .statistics(stats).serverPort(serverPort).clientPort(clientPort).localAddresses(localAddresses)
                .allocatorFactory(AllocatorFactory.SHIPPED).build();
        this.traffic = new WarmUpTraffic(config);
        List<ListenerInfo> listeners = traffic.listeners();
        this.pipeline = new PacketPipeline(engine, new ServiceState(scheduler), QueryHook.NONE, ServerListener.NONE,
                () -> listeners, config.server().parkedPacketLimit(), stats);
    }

    /**
     * Warms up for {@code config} within {@code budgetMillis} (nothing when it is 0 or less) and logs the outcome;
     * never throws.
     */
    public static Result run(KeaConfig config, Scheduler scheduler, int serverPort, int clientPort,
                             Set<Integer> localAddresses, long budgetMillis) {
        if (budgetMillis <= 0) {
            return new Result(0, 0, 0, 0, false, null);
        }
        long start = System.nanoTime();
        Path dir = null;
        LeaseStore store = null;
        try {
            dir = Files.createTempDirectory("leasehold-warmup-");
            store = LeaseStoreFactory.scratchFor(config, dir, scheduler.clock(), scheduler);
            WarmUp w = new WarmUp(config, store, scheduler, serverPort, clientPort, localAddresses);
            Result r = w.exercise(start + budgetMillis * 1_000_000L, start, dir);
            LOG.info("LH_WARMUP_DONE ran {} synthetic queries of {} clients ({} replies) through the packet path in"
                    + " {} ms before opening the DHCP sockets{}", r.queries(), r.clients(), r.replies(), r.millis(),
                    r.budgetReached() ? " (time budget of " + budgetMillis + " ms reached)" : "");
            return r;
        } catch (IOException | RuntimeException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("LH_WARMUP_FAILED the warm-up stopped after {} ms, the server starts without it: {}", ms,
                    e.toString());
            return new Result(0, 0, 0, ms, false, dir);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException ignored) {
                    // a scratch store: nothing of it is kept
                }
            }
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /**
     * Clients one after the other, over the targets in turn, until {@link #TARGET_QUERIES} or the deadline. A target
     * that gave no OFFER to {@link #GIVE_UP} clients in a row (a pool for certain client classes only) leaves the
     * rotation, so the run is not spent on drops.
     */
    private Result exercise(long deadline, long start, Path dir) {
        List<WarmUpTraffic.Target> targets = new ArrayList<>(traffic.targets());
        int[] misses = new int[targets.size()];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            active.add(i);
        }
        int client = 0;
        boolean late = false;
        while (queries < TARGET_QUERIES && !active.isEmpty()) {
            if ((client & 15) == 0 && System.nanoTime() - deadline > 0) {
                late = true;
                break;
            }
            client++;
            // a scrambled choice, so that the client number's residues (they pick the kinds of query) reach every
            // target
            int i = active.get((int) (((client * 0x9E3779B97F4A7C15L) >>> 33) % active.size()));
            if (conversation(client, targets.get(i))) {
                misses[i] = 0;
            } else if (++misses[i] >= GIVE_UP) {
                active.remove(Integer.valueOf(i));
            }
        }
        return new Result(queries, client, replies, (System.nanoTime() - start) / 1_000_000, late, dir);
    }

    /**
     * One client: DISCOVER and REQUEST, depending on the client number a second DISCOVER before the REQUEST (a
     * retransmission), a renewal, a rebinding, an INIT-REBOOT (for another address: a NAK), an INFORM; then always a
     * RELEASE, so that even a small pool never fills up. Returns whether the client got an OFFER.
     */
    private boolean conversation(int c, WarmUpTraffic.Target t) {
        Reply offer = send(traffic.discover(c, t));
        if (offer == null) {
            return false;
        }
        int a = offer.yiaddr;
        if (c % 16 == 5) {
            send(traffic.discover(c, t));
        }
        if (send(traffic.select(c, t, a)) == null) {
            return true;
        }
        if (c % 2 == 0) {
            send(traffic.renew(c, t, a));
        }
        if (c % 4 == 1) {
            send(traffic.rebind(c, t, a));
        }
        if (c % 8 == 3) {
            send(traffic.reboot(c, t, a));
        }
        if (c % 32 == 7) {
            send(traffic.reboot(c, t, a + 1));
        }
        if (c % 64 == 9 && !t.relayed()) {
            send(traffic.inform(c, t, a));
        }
        send(traffic.release(c, t, a));
        return true;
    }

    /** Runs one query through the pipeline; the reply, or null when there was none. */
    private Reply send(InboundPacket p) {
        Reply r = responders[queries % responders.length];
        r.got = false;
        queries++;
        pipeline.handle(p, r);
        if (r.got) {
            replies++;
            return r;
        }
        return null;
    }

    /**
     * Takes the reply's {@code yiaddr} and releases it. Three classes, used in turn, so that the JIT's profile of
     * the pipeline's {@code Responder.send} call is megamorphic: compiled for one warm-up class only, that call
     * would send the compiled code back to the interpreter (a deoptimisation) on the first real reply.
     */
    private abstract static class Reply implements Responder {
        boolean got;
        int yiaddr;

        final void take(ByteBuf payload) {
            got = true;
            yiaddr = payload.getInt(payload.readerIndex() + 16);
            payload.release();
        }
    }

    private static final class ReplyA extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }

    private static final class ReplyB extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }

    private static final class ReplyC extends Reply {
        @Override
        public void send(ByteBuf payload, ReplyDestination destination) {
            take(payload);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory: the system's cleanup removes what is left
        }
    }
}
