package io.leasehold.dhcp.store.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressAllocators;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.time.VirtualTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolSync} in virtual time, against a fake database (a set of held addresses) and real allocators: what a
 * pass changes and leaves alone, when passes run, paging, failures, reconfiguration and a lost database.
 */
class PoolSyncTest {
    private static final int FIRST = Ipv4.parse("10.0.0.10");

    private final VirtualTime time = new VirtualTime();
    /** The database: addresses a lease holds. */
    private final TreeSet<Long> held = new TreeSet<>();
    /** Every query: first, last, limit. */
    private final List<long[]> queries = new ArrayList<>();
    private final Map<Long, AddressAllocator> engine = new ConcurrentHashMap<>();
    private volatile boolean connected = true;
    private volatile RuntimeException failure;
    /** Run after each query is recorded (to change things between a pass's windows). */
    private volatile Runnable onQuery = () -> { };
    /** Most queries one scheduler task made. */
    private int mostQueriesPerTask;
    /** The scheduler the sync uses: virtual time, counting the queries of each task. */
    private final Scheduler scheduler = new Scheduler() {
        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            return time.schedule(() -> {
                int before = queries.size();
                task.run();
                mostQueriesPerTask = Math.max(mostQueriesPerTask, queries.size() - before);
            }, delayMillis);
        }

        @Override
        public Clock clock() {
            return time;
        }
    };

    private int[] held(int first, int last, int limit) {
        queries.add(new long[] {Ipv4.toUnsigned(first), Ipv4.toUnsigned(last), limit});
        onQuery.run();
        if (failure != null) {
            throw failure;
        }
        return held.subSet(Ipv4.toUnsigned(first), true, Ipv4.toUnsigned(last), true).stream().limit(limit)
                .mapToInt(Long::intValue).toArray();
    }

    private PoolSync sync() {
        return new PoolSync(scheduler, this::held, new PoolSync.Allocators() {
            @Override
            public Optional<AddressAllocator> allocator(long subnetId) {
                return Optional.ofNullable(engine.get(subnetId));
            }

            @Override
            public Collection<Long> subnetIds() {
                return List.copyOf(new TreeSet<>(engine.keySet()));
            }
        }, () -> connected);
    }

    private AddressAllocator allocator(long subnetId, int first, int size) {
        AddressAllocator a = AddressAllocators.create(AllocatorType.ITERATIVE,
                List.of(PoolRange.of(AddressRange.of(first, first + size - 1))), time, 10_000);
        engine.put(subnetId, a);
        return a;
    }

    private void lease(int address) {
        held.add(Ipv4.toUnsigned(address));
    }

    @Test
    void freesWhatTheDatabaseNoLongerHoldsAndLearnsWhatItHolds() {
        AddressAllocator a = allocator(1, FIRST, 10);
        for (int i = 0; i < 6; i++) {
            a.markUsed(FIRST + i); // this server's view: .10 - .15 leased
        }
        for (int i : new int[] {0, 1, 2, 4, 5, 8}) {
            lease(FIRST + i); // the database: .13 was released by another server, .18 leased by one
        }
        PoolSync sync = sync();
        sync.request(1);
        assertTrue(queries.isEmpty(), "the request only schedules; the pass runs on the scheduler");
        time.runDue();
        assertEquals(1, queries.size());
        assertEquals(AddressState.FREE, a.state(FIRST + 3), "freed by another server: free here too");
        assertEquals(AddressState.USED, a.state(FIRST + 8), "leased by another server: used here too");
        for (int i : new int[] {0, 1, 2, 4, 5}) {
            assertEquals(AddressState.USED, a.state(FIRST + i));
        }
        assertEquals(10 - 6, a.freeCount());
        assertEquals(FIRST + 3, (int) a.allocate(c -> false), "the freed address is handed out again");
    }

    @Test
    void offersAndReservationsAreLeftAlone() {
        AddressAllocator a = allocator(1, FIRST, 4);
        int offered = (int) a.allocate(c -> false);
        a.reserve(FIRST + 1);
        lease(offered); // the client it was offered to has its lease in the database, not yet marked used here
        a.markUsed(FIRST + 2);
        lease(FIRST + 2);
        PoolSync sync = sync();
        sync.request(1);
        time.runDue();
        assertEquals(AddressState.OFFERED, a.state(offered));
        assertEquals(AddressState.RESERVED, a.state(FIRST + 1));
        assertEquals(AddressState.USED, a.state(FIRST + 2));
        assertEquals(AddressState.FREE, a.state(FIRST + 3));
    }

    @Test
    void passesAreSpacedAndARequestIsNeverLost() {
        AddressAllocator a = allocator(1, FIRST, 4);
        PoolSync sync = sync();
        sync.request(1);
        time.runDue();
        assertEquals(1, queries.size());
        a.markUsed(FIRST); // leased here, then released by another server
        sync.request(1);
        sync.request(1);
        time.advance(PoolSync.MIN_GAP_MILLIS - 1);
        assertEquals(1, queries.size(), "no second pass within the gap");
        assertEquals(AddressState.USED, a.state(FIRST));
        time.advance(1);
        assertEquals(2, queries.size(), "the deferred request ran once, after the gap");
        assertEquals(AddressState.FREE, a.state(FIRST));
        time.advance(10 * PoolSync.MIN_GAP_MILLIS);
        assertEquals(2, queries.size(), "nothing more without a request");
    }

    @Test
    void aRequestDuringAPassGetsAnotherPass() {
        AddressAllocator a = allocator(1, FIRST, 4);
        PoolSync sync = sync();
        onQuery = () -> {
            if (queries.size() == 1) {
                a.markUsed(FIRST + 1); // leased here meanwhile, released elsewhere, and the pool exhausted again
                sync.request(1);
            }
        };
        sync.request(1);
        time.runDue();
        assertEquals(1, queries.size());
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertEquals(2, queries.size(), "the request made while the first pass ran got its own pass");
        assertEquals(AddressState.FREE, a.state(FIRST + 1));
    }

    @Test
    void largePoolsArePagedOneWindowPerTask() {
        int size = 5 * PoolSync.WINDOW - 100;
        AddressAllocator a = allocator(1, Ipv4.parse("10.1.0.0"), size);
        int base = Ipv4.parse("10.1.0.0");
        for (int i = 0; i < size; i += 2) {
            a.markUsed(base + i);
        }
        for (int i = 0; i < size; i += 4) {
            lease(base + i);
        }
        PoolSync sync = sync();
        sync.request(1);
        time.runDue();
        assertEquals(1, mostQueriesPerTask, "one window per scheduler task");
        assertEquals(5, queries.size(), "one query per window");
        long covered = 0;
        for (long[] q : queries) {
            assertTrue(q[1] - q[0] + 1 <= PoolSync.WINDOW, "a window holds at most WINDOW addresses");
            assertEquals(PoolSync.WINDOW, q[2]);
            covered += q[1] - q[0] + 1;
        }
        assertEquals(size, covered, "the windows cover the pool exactly");
        for (int i = 0; i < size; i++) {
            assertEquals(i % 4 == 0 ? AddressState.USED : AddressState.FREE, a.state(base + i), "offset " + i);
        }
    }

    @Test
    void everySubnetEveryPeriod() {
        AddressAllocator one = allocator(1, FIRST, 4);
        AddressAllocator two = allocator(2, Ipv4.parse("10.0.1.10"), 4);
        one.markUsed(FIRST);
        two.markUsed(Ipv4.parse("10.0.1.10"));
        PoolSync sync = sync();
        sync.start();
        time.advance(PoolSync.PERIOD_MILLIS - 1);
        assertTrue(queries.isEmpty());
        time.advance(1);
        assertEquals(2, queries.size());
        assertEquals(AddressState.FREE, one.state(FIRST));
        assertEquals(AddressState.FREE, two.state(Ipv4.parse("10.0.1.10")));
        time.advance(PoolSync.PERIOD_MILLIS);
        assertEquals(4, queries.size());
        sync.close();
        time.advance(5 * PoolSync.PERIOD_MILLIS);
        assertEquals(4, queries.size(), "closed: no more passes");
        assertEquals(0, time.pending());
    }

    @Test
    void aFailedQueryEndsThePassAndTheNextRequestTriesAgain() {
        AddressAllocator a = allocator(1, FIRST, 4);
        a.markUsed(FIRST);
        failure = new SqlStoreException("lease database: held addresses failed: connection reset");
        PoolSync sync = sync();
        sync.request(1);
        time.runDue();
        assertEquals(1, queries.size());
        assertEquals(AddressState.USED, a.state(FIRST), "nothing changed");
        failure = null;
        sync.request(1);
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertEquals(2, queries.size());
        assertEquals(AddressState.FREE, a.state(FIRST));
    }

    @Test
    void aLostDatabaseIsNotQueried() {
        AddressAllocator a = allocator(1, FIRST, 4);
        a.markUsed(FIRST);
        connected = false;
        PoolSync sync = sync();
        sync.request(1);
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertTrue(queries.isEmpty());
        connected = true;
        sync.request(1);
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertEquals(1, queries.size());
        assertEquals(AddressState.FREE, a.state(FIRST));
    }

    @Test
    void aReconfigurationEndsThePass() {
        int base = Ipv4.parse("10.2.0.0");
        AddressAllocator old = allocator(1, base, 3 * PoolSync.WINDOW);
        old.markUsed(base + 2 * PoolSync.WINDOW);
        AddressAllocator next = AddressAllocators.create(AllocatorType.ITERATIVE,
                List.of(PoolRange.of(AddressRange.of(base, base + 3 * PoolSync.WINDOW - 1))), time, 10_000);
        next.markUsed(base + 2 * PoolSync.WINDOW);
        onQuery = () -> engine.put(1L, next); // config-set built a new allocator during the first window
        PoolSync sync = sync();
        sync.request(1);
        time.runDue();
        assertEquals(1, queries.size(), "the old allocator's pass stopped");
        assertEquals(AddressState.USED, old.state(base + 2 * PoolSync.WINDOW));
        onQuery = () -> { };
        sync.request(1);
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertEquals(4, queries.size(), "the new allocator gets a whole pass");
        assertEquals(AddressState.FREE, next.state(base + 2 * PoolSync.WINDOW));
    }

    @Test
    void anUnknownSubnetOrOneWithoutPoolsCostsNoQuery() {
        engine.put(3L, AddressAllocators.create(AllocatorType.ITERATIVE, List.of(), time, 10_000));
        PoolSync sync = sync();
        sync.request(3);
        sync.request(4);
        time.advance(PoolSync.MIN_GAP_MILLIS);
        assertTrue(queries.isEmpty());
    }
}
