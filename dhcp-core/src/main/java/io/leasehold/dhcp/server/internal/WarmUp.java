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
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>How much: until the queries stop getting cheaper, i.e. the JIT has compiled the packet path (see
 * {@link WarmUpProgress}), or the time budget runs out first; in two threads like the server's (see
 * {@link WarmUpClient} for what each synthetic client does). The queries vary as real traffic does
 * (relayed and direct, DORA, renewals, rebinding, reboots, NAKs, INFORMs, RELEASEs; with and without the usual
 * options), so that the branches real traffic takes have been seen by the JIT's profiles and do not send compiled
 * code back to the interpreter (a deoptimisation) on the first real packets.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    /**
     * What a warm-up did: queries run, synthetic clients, replies produced, time taken, why it ended (null when it
     * did not run), the best CPU time per query it measured (µs), and the temporary directory its scratch store used
     * (deleted before {@link #run} returns; null when none).
     */
    public record Result(int queries, int clients, int replies, long millis, WarmUpProgress.End end,
                         long bestMicros, Path scratch) {
        /** Whether the time budget ended it. */
        public boolean budgetReached() {
            return end == WarmUpProgress.End.BUDGET;
        }
    }

    private WarmUp() {
    }

    /** The private pipeline: a new engine over the scratch store, its own statistics, no hook, no listener. */
    private static PacketPipeline pipeline(KeaConfig config, LeaseStore store, Scheduler scheduler, int serverPort,
                                           int clientPort, Set<Integer> localAddresses, WarmUpTraffic traffic) {
        StatisticsRegistry stats = new StatisticsRegistry(scheduler.clock());
        DhcpEngine engine = DhcpEngine.builder(EngineConfig.from(config), store).clock(scheduler.clock())
                .statistics(stats).serverPort(serverPort).clientPort(clientPort).localAddresses(localAddresses)
                .allocatorFactory(AllocatorFactory.SHIPPED).build();
        PacketPipeline pipeline = new PacketPipeline(engine, new ServiceState(scheduler), QueryHook.NONE,
                ServerListener.NONE, config.server().parkedPacketLimit(), stats);
        pipeline.listeners(traffic.listeners());
        return pipeline;
    }

    /**
     * Two clients at once, as the server's threads will run: one on a Netty event-loop kind of thread (the I/O
     * thread runs packets itself when the workers are idle), one on a plain thread (the workers); together they
     * also meet the contended paths of the store's locks and the queues.
     */
    private static Result exercise(PacketPipeline pipeline, WarmUpTraffic traffic, long deadline, long start,
                                   Path dir) throws InterruptedException {
        WarmUpProgress progress = new WarmUpProgress();
        WarmUpClient[] clients = new WarmUpClient[2];
        Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++) {
            clients[k] = new WarmUpClient(pipeline, traffic, k, 2, progress, deadline);
            // the I/O thread comes from this kind of factory (a FastThreadLocalThread whose thread-locals Netty's
            // allocator uses); a worker is a plain thread
            threads[k] = k == 0 ? new DefaultThreadFactory("leasehold-warmup-io", true).newThread(clients[k])
                    : new Thread(clients[k], "leasehold-warmup-" + k);
            threads[k].setDaemon(true);
            // The lowest Java priority: it means nothing to the JVM unless thread priorities are on
            // (-XX:ThreadPriorityPolicy=1, as root); bin/leasehold-dhcp4 turns them on and maps this priority to
            // nice 19, so the warm-up never takes the CPU from the compilations it exists to trigger, nor from what
            // runs beside it (an HA peer listener answering lease updates, a standby's lease sync).
            threads[k].setPriority(Thread.MIN_PRIORITY);
            threads[k].start();
        }
        int queries = 0;
        int served = 0;
        int replies = 0;
        for (int k = 0; k < 2; k++) {
            threads[k].join();
            queries += clients[k].queries();
            served += clients[k].clients();
            replies += clients[k].replies();
        }
        return new Result(queries, served, replies, (System.nanoTime() - start) / 1_000_000, progress.end(),
                progress.bestMicros(), dir);
    }

    /**
     * Warms up for {@code config} within {@code budgetMillis} (nothing when it is 0 or less) and logs the outcome;
     * never throws.
     */
    public static Result run(KeaConfig config, Scheduler scheduler, int serverPort, int clientPort,
                             Set<Integer> localAddresses, long budgetMillis) {
        if (budgetMillis <= 0) {
            return new Result(0, 0, 0, 0, null, 0, null);
        }
        long start = System.nanoTime();
        Path dir = null;
        LeaseStore store = null;
        try {
            dir = Files.createTempDirectory("leasehold-warmup-");
            store = LeaseStoreFactory.scratchFor(config, dir, scheduler.clock(), scheduler);
            WarmUpTraffic traffic = new WarmUpTraffic(config);
            PacketPipeline pipeline = pipeline(config, store, scheduler, serverPort, clientPort, localAddresses,
                    traffic);
            Result r = exercise(pipeline, traffic, start + budgetMillis * 1_000_000L, start, dir);
            LOG.info("LH_WARMUP_DONE ran {} synthetic queries of {} clients ({} replies) through the packet path in"
                    + " {} ms before opening the DHCP sockets, best {} us of CPU per query; it ended because {}",
                    r.queries(), r.clients(), r.replies(), r.millis(), r.bestMicros(),
                    r.budgetReached() ? "the time budget of " + budgetMillis + " ms was reached" : r.end().text());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("LH_WARMUP_FAILED the warm-up stopped after {} ms, the server starts without it: {}", ms,
                    e.toString());
            return new Result(0, 0, 0, ms, null, 0, dir);
        } catch (IOException | RuntimeException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.warn("LH_WARMUP_FAILED the warm-up stopped after {} ms, the server starts without it: {}", ms,
                    e.toString());
            return new Result(0, 0, 0, ms, null, 0, dir);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (RuntimeException ignored) {
                    // a scratch store: nothing of it is kept
                }
            }
            if (dir != null) {
                LeaseStoreFactory.deleteScratch(dir);
            }
        }
    }

}
