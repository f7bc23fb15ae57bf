package io.leasehold.dhcp.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * One named int64 statistic, as Kea's {@code statistic-get} shows it. Updates are contention-free
 * ({@link LongAdder}); the time of the last change is kept for the sample timestamp.
 */
public final class Statistic {
    private final String name;
    private final LongAdder value = new LongAdder();
    private final StatisticsRegistry registry;
    private volatile long lastChangeMillis;
    /** Set when removed from its registry, so holders of a cached reference look the name up again. */
    private volatile boolean removed;

    Statistic(String name, StatisticsRegistry registry) {
        this.name = name;
        this.registry = registry;
        this.lastChangeMillis = registry.nowMillis();
    }

    public String name() {
        return name;
    }

    public void increment() {
        add(1);
    }

    public void decrement() {
        add(-1);
    }

    public void add(long delta) {
        value.add(delta);
        // Written only when the millisecond moved: workers counting the same statistic would otherwise write this
        // shared field on every packet and bounce its cache line between cores, undoing LongAdder's striping.
        long now = registry.nowMillis();
        if (now != lastChangeMillis) {
            lastChangeMillis = now;
        }
    }

    /** Sets the value (e.g. a recount after a reconfiguration). Not atomic with concurrent adds. */
    public void set(long v) {
        synchronized (this) {
            value.reset();
            value.add(v);
        }
        lastChangeMillis = registry.nowMillis();
    }

    public long get() {
        return value.sum();
    }

    /** Whether {@code statistic-remove} (or a subnet's removal) took this statistic out of its registry. */
    public boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    /** Epoch milliseconds of the last change (or of creation). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** Resets to the neutral value 0, as {@code statistic-reset} does. */
    public void reset() {
        set(0);
    }
}
