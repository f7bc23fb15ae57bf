package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.CandidateFilter;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * What the three allocators share: one {@link PoolOccupancy} per pool, address lookup, the offer hold, and the
 * allocation loop. Subclasses only decide which free-looking position to try next ({@link #pick}).
 *
 * <h2>Offer hold</h2>
 * Time is cut into generations of a quarter hold ({@code genMillis}); an offer records its generation and has run
 * out once {@code holdGens} generations have begun since (so it lasted at least the hold and at most about 1.25
 * holds). At the first allocation of each new generation one thread sweeps the pools' offered bitmaps and frees the
 * offers that ran out; the others do not wait for it.
 */
abstract class BitmapAllocator implements AddressAllocator {
    final PoolOccupancy[] pools;
    private final List<PoolRange> ranges;
    /** The pools sorted by first address, for {@link #find}. */
    private final PoolOccupancy[] byAddress;
    private final int[] firstAddresses;
    private final Clock clock;
    private final long holdMillis;
    private final long genMillis;
    private final int holdGens;
    private final long startNanos;
    private volatile int sweptGen;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    BitmapAllocator(List<PoolRange> ranges, Clock clock, long holdMillis, boolean withCounts) {
        if (holdMillis < 1) {
            throw new IllegalArgumentException("offer hold must be at least 1 ms: " + holdMillis);
        }
        this.ranges = List.copyOf(ranges);
        this.clock = clock;
        this.holdMillis = holdMillis;
        this.genMillis = Math.max(1, holdMillis / 4);
        // offer in generation g (made before (g+1)*gen) runs out at generation g+holdGens, i.e. at least a hold later
        this.holdGens = (int) ((holdMillis + genMillis - 1) / genMillis) + 1;
        this.startNanos = clock.nanoTime();
        this.pools = new PoolOccupancy[this.ranges.size()];
        for (int i = 0; i < pools.length; i++) {
            PoolRange r = this.ranges.get(i);
            if (r.range().size() > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("pool " + r.range() + " has " + r.range().size()
                        + " addresses; an allocator takes at most " + MAX_POOL_SIZE + " per pool");
            }
            pools[i] = new PoolOccupancy(r, withCounts, freedHook(i));
        }
        byAddress = pools.clone();
        Arrays.sort(byAddress, Comparator.comparingLong(p -> Ipv4.toUnsigned(p.first)));
        firstAddresses = new int[byAddress.length];
        for (int i = 0; i < byAddress.length; i++) {
            firstAddresses[i] = byAddress[i].first;
            if (i > 0 && byAddress[i - 1].range.range().overlaps(byAddress[i].range.range())) {
                throw new IllegalArgumentException("pool " + byAddress[i].range.range() + " overlaps pool "
                        + byAddress[i - 1].range.range());
            }
        }
        sweptGen = 0;
    }

    /** Told when pool {@code poolIndex} frees a position; {@code null} when the subclass does not care. */
    java.util.function.IntConsumer freedHook(int poolIndex) {
        return null;
    }

    /**
     * A position that looks free in a pool the client may use, as {@code poolIndex << 32 | position}, or {@code -1}
     * when there is none. May pop state (a queue); the caller claims the position and calls again if it lost it.
     */
    abstract long pick(Predicate<String> memberOf);

    /** Told that the position {@link #pick} returned was claimed for a client. */
    void claimed(int poolIndex, int pos) {
    }

    /** The current hold generation, modulo 32. */
    final int generation() {
        long elapsedMillis = (clock.nanoTime() - startNanos) / 1_000_000L;
        return (int) ((elapsedMillis / genMillis) & PoolOccupancy.GEN_MASK);
    }

    @Override
    public final long allocate(Predicate<String> memberOf, CandidateFilter filter) {
        int gen = generation();
        if (gen != sweptGen) {
            sweep(gen);
        }
        long[] skipped = null;
        int skips = 0;
        try {
            for (;;) {
                long picked = pick(memberOf);
                if (picked < 0) {
                    return NONE;
                }
                int poolIndex = (int) (picked >>> 32);
                int pos = (int) picked;
                PoolOccupancy pool = pools[poolIndex];
                // The atomic step: FREE -> OFFERED. Losing means another thread (or markUsed) got there first; the
                // claim has already marked the position taken, so the next pick moves on.
                if (!pool.claim(pos, gen, holdGens)) {
                    continue;
                }
                claimed(poolIndex, pos);
                int address = pool.address(pos);
                if (filter == CandidateFilter.ACCEPT_ALL) {
                    return Ipv4.toUnsigned(address);
                }
                CandidateFilter.Verdict verdict;
                try {
                    verdict = filter.check(address);
                } catch (RuntimeException | Error e) {
                    pool.release(pos);
                    throw e;
                }
                switch (verdict) {
                    case ACCEPT:
                        return Ipv4.toUnsigned(address);
                    case IN_USE:
                        pool.markUsed(pos);
                        break;
                    default:
                        // Keep it held until the call ends so the next pick cannot return it again.
                        if (skipped == null) {
                            skipped = new long[MAX_SKIPS];
                        }
                        skipped[skips++] = picked;
                        if (skips == MAX_SKIPS) {
                            return NONE;
                        }
                        break;
                }
            }
        } finally {
            for (int i = 0; i < skips; i++) {
                pools[(int) (skipped[i] >>> 32)].release((int) skipped[i]);
            }
        }
    }

    /** Frees the offers whose hold ran out; one thread at a time, the others skip it. */
    private void sweep(int gen) {
        if (sweeping.compareAndSet(false, true)) {
            try {
                for (PoolOccupancy p : pools) {
                    p.expireOffers(gen, holdGens);
                }
                sweptGen = gen;
            } finally {
                sweeping.set(false);
            }
        }
    }

    /** The pool holding an address, or {@code null}. */
    final PoolOccupancy find(int address) {
        int lo = 0;
        int hi = firstAddresses.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(firstAddresses[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return null;
        }
        PoolOccupancy p = byAddress[hi];
        return p.contains(address) ? p : null;
    }

    @Override
    public final boolean claim(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.claim(p.position(address), generation(), holdGens);
    }

    @Override
    public final boolean markUsed(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.markUsed(p.position(address));
    }

    @Override
    public final boolean markFree(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.markFree(p.position(address));
    }

    @Override
    public final boolean release(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.release(p.position(address));
    }

    @Override
    public final boolean reserve(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.reserve(p.position(address), true);
    }

    @Override
    public final boolean unreserve(int address) {
        PoolOccupancy p = find(address);
        return p != null && p.reserve(p.position(address), false);
    }

    @Override
    public final AddressState state(int address) {
        PoolOccupancy p = find(address);
        return p == null ? AddressState.OUTSIDE_POOLS : p.publicState(p.position(address), generation(), holdGens);
    }

    @Override
    public final long freeCount() {
        long n = 0;
        for (PoolOccupancy p : pools) {
            n += p.taken.clearCount();
        }
        return n;
    }

    @Override
    public final long size() {
        long n = 0;
        for (PoolOccupancy p : pools) {
            n += p.size;
        }
        return n;
    }

    @Override
    public final List<PoolRange> pools() {
        return ranges;
    }

    @Override
    public final long offerHoldMillis() {
        return holdMillis;
    }

    /** For tests: checks every pool's derived bitmaps against its states. Needs a quiescent allocator. */
    public final void checkConsistency() {
        for (PoolOccupancy p : pools) {
            p.checkConsistency();
        }
    }

    static long pack(int poolIndex, int pos) {
        return (long) poolIndex << 32 | (pos & 0xffffffffL);
    }

    @Override
    public String toString() {
        List<String> text = new ArrayList<>();
        for (PoolRange r : ranges) {
            text.add(r.toString());
        }
        return getClass().getSimpleName() + text;
    }
}
