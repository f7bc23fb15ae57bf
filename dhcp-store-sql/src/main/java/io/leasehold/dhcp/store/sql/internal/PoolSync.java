package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's allocators in step with a lease database that other servers (Leasehold or Kea) write too. An
 * allocator learns of another server's lease when it offers that address and the engine finds the row, but it is
 * never told when another server releases, reclaims or deletes one: the address would stay used here until restart,
 * and the shared pool would shrink. So a subnet's pools are re-read from the database
 * <ul>
 *   <li>when its allocator found no free address ({@link #request}, from the packet thread: it only schedules), and
 *   <li>every {@link #PERIOD_MILLIS} for every subnet.
 * </ul>
 * A pass runs on the server's scheduler, one window of at most {@link #WINDOW} addresses per task (one indexed range
 * query, then the allocator's state of each address), the tasks chained so other timers run in between. An address
 * the allocator has {@code USED} that no lease holds becomes free; one it has {@code FREE} that a lease holds becomes
 * used; offered and reserved addresses are left alone. Passes of a subnet are spaced by at least
 * {@link #MIN_GAP_MILLIS} and {@link #SPACING} times the last pass's duration; a request meanwhile is deferred,
 * never lost. Nothing here is on the hot path: a packet only pays for a request when its pools were exhausted.
 *
 * <p>Marking free is safe even when it races with this server's own commit: the engine checks the database before
 * it offers or ACKs an address, so a wrongly freed address costs one lookup and is marked used again.
 */
final class PoolSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");

    /** Most addresses one task reads (and rows one query returns). */
    static final int WINDOW = 1024;
    /** Least time between the end of a subnet's pass and the start of its next. */
    static final long MIN_GAP_MILLIS = 1_000;
    /** Every subnet is re-read this often. */
    static final long PERIOD_MILLIS = 60_000;
    /** A pass that took d is followed by at least SPACING x d of rest, so passes use at most 1/SPACING of a thread. */
    static final int SPACING = 20;

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int AGAIN = 2;

    /** The database's view: addresses in {@code first..last} (unsigned) that a lease holds, ascending. */
    @FunctionalInterface
    interface HeldAddresses {
        int[] held(int first, int last, int limit);
    }

    /** The engine's allocators, as compiled from the configuration in force. */
    interface Allocators {
        Optional<AddressAllocator> allocator(long subnetId);

        Collection<Long> subnetIds();
    }

    private final Scheduler scheduler;
    private final Clock clock;
    private final HeldAddresses database;
    private final Allocators allocators;
    private final BooleanSupplier usable;
    private final ConcurrentHashMap<Long, SubnetSync> subnets = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Scheduler.Cancellable periodic;

    /**
     * @param usable whether the database answers now (no pass queries a lost database)
     */
    PoolSync(Scheduler scheduler, HeldAddresses database, Allocators allocators, BooleanSupplier usable) {
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.database = database;
        this.allocators = allocators;
        this.usable = usable;
    }

    /** Starts the periodic passes. */
    synchronized void start() {
        if (!closed && periodic == null) {
            periodic = scheduler.schedule(this::periodicPass, PERIOD_MILLIS);
        }
    }

    private void periodicPass() {
        if (closed) {
            return;
        }
        for (long id : allocators.subnetIds()) {
            request(id);
        }
        synchronized (this) {
            if (!closed) {
                periodic = scheduler.schedule(this::periodicPass, PERIOD_MILLIS);
            }
        }
    }

    /** Asks for a pass over the subnet's pools (e.g. they were exhausted). Quick; never blocks. */
    void request(long subnetId) {
        if (!closed) {
            subnets.computeIfAbsent(subnetId, SubnetSync::new).request();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (periodic != null) {
            periodic.cancel();
            periodic = null;
        }
    }

    /** The passes of one subnet: at most one scheduled or running at a time. */
    private final class SubnetSync {
        private final long subnetId;
        /** IDLE; QUEUED (a pass is scheduled or running); AGAIN (running, and asked for again meanwhile). */
        private final AtomicInteger phase = new AtomicInteger(IDLE);
        private volatile long notBeforeNanos;

        SubnetSync(long subnetId) {
            this.subnetId = subnetId;
            this.notBeforeNanos = clock.nanoTime();
        }

        void request() {
            while (true) {
                int p = phase.get();
                if (p == IDLE && phase.compareAndSet(IDLE, QUEUED)) {
                    schedulePass();
                    return;
                }
                if (p == AGAIN || p == QUEUED && phase.compareAndSet(QUEUED, AGAIN)) {
                    return;
                }
            }
        }

        private void schedulePass() {
            long delayMillis = Math.max(0, (notBeforeNanos - clock.nanoTime() + 999_999) / 1_000_000);
            scheduler.schedule(this::begin, delayMillis);
        }

        private void begin() {
            phase.set(QUEUED); // requests until now are served by this pass
            if (closed) {
                return;
            }
            AddressAllocator allocator = allocators.allocator(subnetId).orElse(null);
            if (allocator == null || allocator.pools().isEmpty() || !usable.getAsBoolean()) {
                finish(null);
                return;
            }
            step(new Pass(allocator, clock.nanoTime()));
        }

        private void step(Pass pass) {
            if (closed) {
                return;
            }
            if (allocators.allocator(subnetId).orElse(null) != pass.allocator || !usable.getAsBoolean()) {
                finish(pass); // reconfigured (the new allocator was loaded from the database) or database lost
                return;
            }
            PoolRange pool = pass.pools.get(pass.poolIndex);
            long last = Ipv4.toUnsigned(pool.range().last());
            long end = Math.min(pass.cursor + WINDOW - 1, last);
            int[] held;
            try {
                held = database.held((int) pass.cursor, (int) end, WINDOW);
            } catch (RuntimeException e) {
                LOG.warn("LH_SQL_POOL_RESYNC_FAILED subnet {}: re-reading the leased addresses of pool {} from the"
                        + " lease database failed: {}", subnetId, pool.range(), e.getMessage());
                finish(pass);
                return;
            }
            pass.queries++;
            pass.apply(pass.cursor, end, held);
            if (end < last) {
                pass.cursor = end + 1;
            } else if (++pass.poolIndex < pass.pools.size()) {
                pass.cursor = Ipv4.toUnsigned(pass.pools.get(pass.poolIndex).range().first());
            } else {
                finish(pass);
                return;
            }
            scheduler.schedule(() -> step(pass), 0);
        }

        private void finish(Pass pass) {
            long now = clock.nanoTime();
            long tookNanos = pass == null ? 0 : now - pass.startNanos;
            notBeforeNanos = now + Math.max(MIN_GAP_MILLIS * 1_000_000L, SPACING * tookNanos);
            if (pass != null && LOG.isDebugEnabled()) {
                LOG.debug("LH_SQL_POOL_RESYNCED subnet {}: pools re-read from the lease database in {} ms ({} queries):"
                        + " {} address(es) found free, {} found leased", subnetId, tookNanos / 1_000_000,
                        pass.queries, pass.freed, pass.learned);
            }
            if (!phase.compareAndSet(QUEUED, IDLE) && !closed) {
                phase.set(QUEUED); // asked for again while running: once more, after the gap
                schedulePass();
            }
        }
    }

    /** One walk over a subnet's pools. Touched by one scheduler task at a time. */
    private static final class Pass {
        final AddressAllocator allocator;
        final List<PoolRange> pools;
        final long startNanos;
        int poolIndex;
        long cursor;
        int queries;
        long freed;
        long learned;

        Pass(AddressAllocator allocator, long startNanos) {
            this.allocator = allocator;
            this.pools = allocator.pools();
            this.startNanos = startNanos;
            this.cursor = Ipv4.toUnsigned(pools.get(0).range().first());
        }

        /** Brings the allocator's view of {@code from..to} in line with the addresses the database holds. */
        void apply(long from, long to, int[] held) {
            int j = 0;
            for (long u = from; u <= to; u++) {
                int address = (int) u;
                while (j < held.length && Ipv4.toUnsigned(held[j]) < u) {
                    j++;
                }
                boolean leased = j < held.length && held[j] == address;
                AddressState state = allocator.state(address);
                if (state == AddressState.USED && !leased) {
                    if (allocator.markFree(address)) {
                        freed++;
                    }
                } else if (state == AddressState.FREE && leased && allocator.markUsed(address)) {
                    learned++;
                }
            }
        }
    }
}
