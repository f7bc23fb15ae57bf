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
        lastChangeMillis = registry.nowMillis();
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

    /** Epoch milliseconds of the last change (or of creation). */
    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** Resets to the neutral value 0, as {@code statistic-reset} does. */
    public void reset() {
        set(0);
    }
}
