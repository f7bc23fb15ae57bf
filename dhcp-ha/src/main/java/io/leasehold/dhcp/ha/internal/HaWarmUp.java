package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.LeaseCommandContext;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.ha.http.NettyPeerClients;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The HA part of the warm-up: before the server serves, synthetic lease updates go both ways through the code a
 * hot-standby pair runs for every ACK, so that a freshly started pair does not meet it cold under load. The server's
 * own warm-up ({@code WarmUp} in dhcp-core) covers decode, engine and encode, not this path; a cold Leasehold pair
 * at 2,000 DORA/s lost 15-45 % of its REQUEST-ACK exchanges in the first 10 s while both JVMs compiled it.
 *
 * <p>What runs: a scratch HTTP command listener on the loopback address with the real lease commands over a scratch
 * lease store of the configured kind (the receiving side: HTTP server, JSON, {@code lease4-update} and
 * {@code lease4-del} parsing, the store), and a peer client of its own from the shipped Netty factory (the sending
 * side: {@link PeerCommands}, the HTTP client, the answer parser), with {@link #IN_FLIGHT} requests at once as a
 * loaded primary has. Nothing of the real server is touched: its store, statistics, listeners and partner never see
 * these updates; the scratch store's directory is deleted afterwards.
 *
 * <p>How much: {@link #UPDATES} updates, or the time budget, whichever ends first. Not run when the partner is reached
 * over TLS (the scratch listener has no certificate the client would accept); the log line says so.
 */
public final class HaWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    /** Updates sent; about what the JIT needs to compile the path with its optimising compiler. */
    static final int UPDATES = 20_000;
    /** Longest the HA warm-up runs, within the server's warm-up budget (it adds to the time before serving). */
    public static final long MAX_MILLIS = 5_000;
    /** How long the partner has to answer the heartbeat that tells whether it already serves. */
    public static final long PROBE_MILLIS = 500;
    /** Requests in flight at once. */
    static final int IN_FLIGHT = 16;
    /** Transactions queued at once in the batched half, per request in flight (so that batches form). */
    static final int BATCHED_GROUPS_PER_REQUEST = 8;
    /** Synchronisations into an empty scratch store in the training run (then one more into the last). */
    static final int SYNC_PASSES = 2;
    /** Every this many updates, a {@code lease4-del} of an earlier lease as well. */
    static final int DELETE_EVERY = 8;

    /** What the warm-up did: requests answered (success, or "nothing to delete"), failures, time; or why not. */
    public record Result(int succeeded, int failed, long millis, String skipped, long synced) {
        Result(int succeeded, int failed, long millis, String skipped) {
            this(succeeded, failed, millis, skipped, 0);
        }

        static Result skipped(String why) {
            return new Result(0, 0, 0, why);
        }
    }

    private HaWarmUp() {
    }

    /**
     * Warms the lease-update path of {@code rel} within {@code budgetMillis}; never throws (a failure is logged and
     * the server starts anyway).
     */
    public static Result run(KeaConfig config, Relationship rel, Scheduler scheduler, long budgetMillis,
                             BooleanSupplier partnerServing) {
        return run(config, rel, scheduler, budgetMillis, UPDATES, partnerServing);
    }

    /**
     * As {@link #run(KeaConfig, Relationship, Scheduler, long, BooleanSupplier)} with at most {@code updates}
     * updates. {@code partnerServing} is asked last, after the checks that cost nothing: whether the partner already
     * serves clients (then this server is restarting into a running relationship, synchronises first, and the
     * warm-up would only delay that).
     */
    public static Result run(KeaConfig config, Relationship rel, Scheduler scheduler, long budgetMillis,
                             int updates, BooleanSupplier partnerServing) {
        return run(config, rel, scheduler, budgetMillis, updates, partnerServing, false);
    }

    /**
     * The training run's variant ({@code HaExtensionFactory#train}): after the lease updates, {@code syncPasses}
     * lease synchronisations ({@link #syncPasses}) from the scratch listener, so that a JVM AOT cache made from the
     * training holds the classes and method profiles of the synchronisation a restarted server runs first.
     */
    public static Result train(KeaConfig config, Relationship rel, Scheduler scheduler, long budgetMillis) {
        return run(config, rel, scheduler, budgetMillis, UPDATES, () -> false, true);
    }

    private static Result run(KeaConfig config, Relationship rel, Scheduler scheduler, long budgetMillis,
                              int updates, BooleanSupplier partnerServing, boolean syncs) {
        Optional<HaPeer> partner = rel.partner();
        Result r;
        if (budgetMillis <= 0) {
            r = Result.skipped("no warm-up budget");
        } else if (partner.isEmpty()) {
            r = Result.skipped("no partner");
        } else if (rel.config().tlsFor(partner.get()).isPresent()) {
            r = Result.skipped("the partner is reached over TLS");
        } else if (config.subnets().isEmpty()) {
            r = Result.skipped("no subnet");
        } else if (partnerServing.getAsBoolean()) {
            r = Result.skipped("the partner is serving; this server synchronises first");
        } else {
            r = exercise(config, rel, partner.get(), scheduler, budgetMillis, updates, syncs);
        }
        if (r.skipped() != null) {
            skipped(rel, r.skipped());
        } else {
            LOG.info("LH_HA_WARMUP_DONE {}: {} synthetic lease updates and deletes answered ({} failed) through a"
                    + " scratch peer listener in {} ms before serving{}", rel.name(), r.succeeded(), r.failed(),
                    r.millis(), syncs ? ", then " + r.synced() + " lease(s) synchronised from it" : "");
        }
        return r;
    }

    private static void skipped(Relationship rel, String why) {
        LOG.info("LH_HA_WARMUP_SKIPPED {}: the lease-update path was not warmed up: {}", rel.name(), why);
    }

    private static Result exercise(KeaConfig config, Relationship rel, HaPeer partner, Scheduler scheduler,
                                   long budgetMillis, int updates, boolean syncs) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
        Path dir = null;
        LeaseStore store = null;
        HttpCommandServer listener = null;
        PeerClient client = null;
        NettyPeerClients clients = null;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try {
            dir = Files.createTempDirectory("leasehold-ha-warmup-");
            store = LeaseStoreFactory.scratchFor(config, dir, scheduler.clock(), scheduler);
            CommandRegistry registry = new CommandRegistry();
            new LeaseCommands(new ScratchContext(store, config, scheduler)).registerAll(registry);
            LeaseBatchCommand.register(registry);
            // what a synchronising peer sends besides the pages; the scratch listener has no service to disable
            for (String c : List.of(PeerCommands.DHCP_DISABLE, PeerCommands.DHCP_ENABLE,
                    PeerCommands.SYNC_COMPLETE_NOTIFY)) {
                registry.register(c, command -> ControlResult.success("scratch: nothing to do"));
            }
            long configured = rel.config().multiThreading().httpListenerThreads();
            int threads = (int) (configured > 0 ? Math.min(configured, 64) : 2);
            listener = HttpCommandServer.builder(registry)
                    .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .name("leasehold-ha-warmup").workerThreads(threads).build().start();
            InetSocketAddress at = listener.localAddress();
            HaPeer scratch = new HaPeer(partner.name(),
                    URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/"),
                    partner.role(), false, Optional.empty(), Optional.empty(), Optional.empty(), HaTls.NONE,
                    Optional.empty());
            // A client factory of its own, never the extension's: an embedder's factory may route by peer name
            // (an in-memory transport would deliver these updates to the real partner).
            clients = NettyPeerClients.create();
            client = clients.client(rel.config(), scratch);
            Subnet4 subnet = config.subnets().get(0);
            Semaphore window = new Semaphore(IN_FLIGHT);
            Lease4 previous = null;
            int singles = updates / 2;
            for (int i = 0; i < singles && System.nanoTime() < deadline; i++) {
                Lease4 lease = synthetic(subnet, i, scheduler.clock().currentTimeMillis() / 1000);
                send(client, window, PeerCommands.LEASE_UPDATE, PeerCommands.leaseUpdate(lease), ok, failed);
                if (i % DELETE_EVERY == DELETE_EVERY - 1) {
                    // the update before this one: with requests in flight on several connections the delete may
                    // arrive first, and is then answered "nothing to delete" (3), which counts as answered
                    send(client, window, PeerCommands.LEASE_DELETE, PeerCommands.leaseDelete(previous), ok, failed);
                }
                previous = lease;
            }
            // every answer in before the scratch listener closes (and before the batched half starts)
            if (!window.tryAcquire(IN_FLIGHT, 10, TimeUnit.SECONDS)) {
                failed.incrementAndGet();
            }
            // The other half as a Leasehold partner gets them: in leasehold-lease4-batch requests (both sides of it
            // are this JVM's code: the sender's batcher here, the receiver's command in the scratch listener).
            UpdateBatcher batcher = UpdateBatcher.announced(client, rel.name(), partner.name(), System::nanoTime);
            Semaphore groups = new Semaphore(IN_FLIGHT * BATCHED_GROUPS_PER_REQUEST);
            for (int i = singles; i < updates && System.nanoTime() < deadline; i++) {
                Lease4 lease = synthetic(subnet, i, scheduler.clock().currentTimeMillis() / 1000);
                List<UpdateBatcher.Op> ops = new ArrayList<>(2);
                if (i % DELETE_EVERY == DELETE_EVERY - 1) {
                    ops.add(new UpdateBatcher.Op(PeerCommands.LEASE_DELETE, PeerCommands.leaseDelete(previous)));
                }
                ops.add(new UpdateBatcher.Op(PeerCommands.LEASE_UPDATE, PeerCommands.leaseUpdate(lease)));
                submit(batcher, groups, ops, ok, failed);
                previous = lease;
            }
            if (!groups.tryAcquire(IN_FLIGHT * BATCHED_GROUPS_PER_REQUEST, 10, TimeUnit.SECONDS)) {
                failed.incrementAndGet();
            }
            long synced = syncs ? syncPasses(config, rel, scheduler, client, partner.name(), dir, deadline) : 0;
            return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1_000_000, null, synced);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.skipped("interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.warn("LH_HA_WARMUP_FAILED {}: the warm-up of the lease-update path stopped, the server starts without"
                    + " it: {}", rel.name(), e.toString());
            return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1_000_000, null);
        } finally {
            closeQuietly(client);
            closeQuietly(clients);
            closeQuietly(listener);
            closeQuietly(store);
            if (dir != null) {
                LeaseStoreFactory.deleteScratch(dir);
            }
        }
    }

    /**
     * Synchronisations from the scratch listener (whose store holds what the updates left: about
     * {@link #UPDATES} leases) into scratch stores of the configured kind, the way a restarted server pulls its
     * partner's leases ({@link LeaseSynchronizer}: {@code lease4-get-page} with the relationship's
     * {@code sync-page-limit}, each lease parsed and applied through the lease commands): {@link #SYNC_PASSES}
     * times into an empty store, and once more into the last one, where every lease is already there (the
     * "not newer" path). Both ends of the pages run here: the listener builds them, the synchroniser applies them.
     *
     * @return leases fetched over all passes
     */
    private static long syncPasses(KeaConfig config, Relationship rel, Scheduler scheduler, PeerClient client,
                                   String sourceName, Path dir, long deadline) throws IOException,
            InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-ha-warmup-sync");
            t.setDaemon(true);
            return t;
        });
        long fetched = 0;
        LeaseStore target = null;
        try {
            for (int pass = 0; pass <= SYNC_PASSES && System.nanoTime() < deadline; pass++) {
                if (pass < SYNC_PASSES) {
                    closeQuietly(target);
                    target = LeaseStoreFactory.scratchFor(config, Files.createTempDirectory(dir, "sync-"),
                            scheduler.clock(), scheduler);
                }
                DhcpEngine engine = DhcpEngine.builder(EngineConfig.from(config), target)
                        .clock(scheduler.clock()).statistics(new StatisticsRegistry(scheduler.clock()))
                        .allocatorFactory(AllocatorFactory.SHIPPED).build();
                LeaseCommands commands = new LeaseCommands(new ScratchContext(target, config, scheduler));
                LeaseSynchronizer sync = new LeaseSynchronizer(rel, commands, target, engine, scheduler.clock(),
                        executor, l -> true);
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                try {
                    fetched += sync.sync(client, sourceName, 1).get(left, TimeUnit.MILLISECONDS).fetched();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    LOG.debug("LH_HA_WARMUP_SYNC_STOPPED {}: a synchronisation pass of the warm-up ended: {}",
                            rel.name(), e.toString());
                    break;
                }
            }
        } finally {
            executor.shutdownNow();
            closeQuietly(target);
        }
        return fetched;
    }

    private static void send(PeerClient client, Semaphore window, String command, java.util.Map<String, Object> args,
                             AtomicInteger ok, AtomicInteger failed) throws InterruptedException {
        window.acquire();
        client.send(command, args, 10_000).whenComplete((answer, error) -> {
            if (error == null && (answer.result() == 0 || answer.result() == 3)) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            window.release();
        });
    }

    private static void submit(UpdateBatcher batcher, Semaphore groups, List<UpdateBatcher.Op> ops,
                               AtomicInteger ok, AtomicInteger failed) throws InterruptedException {
        groups.acquire();
        batcher.submit(ops).whenComplete((answers, error) -> {
            for (int i = 0; i < ops.size(); i++) {
                int result = error == null ? answers.get(i).result() : -1;
                (result == 0 || result == 3 ? ok : failed).incrementAndGet();
            }
            groups.release();
        });
    }

    /** A lease of the first subnet, with a hardware address of the warm-up's own (locally administered, 0x0e). */
    static Lease4 synthetic(Subnet4 subnet, int i, long nowSeconds) {
        int network = subnet.prefix().network();
        int hosts = (int) Math.max(1, Math.min((1L << (32 - subnet.prefix().length())) - 2, 1 << 20));
        int address = network + 1 + Math.floorMod(i, hosts);
        byte[] mac = {0x0e, 0x77, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
        return Lease4.builder(address).subnetId(subnet.id()).hardwareAddress(HardwareAddress.ethernet(mac))
                .validLifetime(3600).cltt(nowSeconds).build();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // scratch objects: nothing of them is kept
        }
    }


    /** The lease commands' view of the scratch store: the configuration's subnets, the scheduler's clock. */
    private record ScratchContext(LeaseStore store, KeaConfig config, Scheduler scheduler)
            implements LeaseCommandContext {
        @Override
        public long nowSeconds() {
            return scheduler.clock().currentTimeMillis() / 1000;
        }

        @Override
        public long resolveSubnet(long requestedSubnetId, int address) {
            if (requestedSubnetId > 0) {
                return requestedSubnetId;
            }
            for (Subnet4 s : config.subnets()) {
                if (s.contains(address)) {
                    return s.id();
                }
            }
            return 0;
        }

        @Override
        public long defaultValidLifetime(long subnetId) {
            return 3600;
        }

        @Override
        public Collection<Long> subnetIds() {
            List<Long> ids = new ArrayList<>();
            config.subnets().forEach(s -> ids.add(s.id()));
            return ids;
        }
    }
}
