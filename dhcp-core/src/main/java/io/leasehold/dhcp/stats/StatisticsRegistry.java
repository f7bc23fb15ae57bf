package io.leasehold.dhcp.stats;

import io.leasehold.dhcp.time.Clock;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's statistics under Kea's names ({@code pkt4-received}, {@code subnet[1].assigned-addresses} ...).
 * Hot paths resolve a {@link Statistic} once and update it; the control API reads by name.
 */
public final class StatisticsRegistry {
    private final ConcurrentHashMap<String, Statistic> byName = new ConcurrentHashMap<>();
    private final Clock clock;

    public StatisticsRegistry(Clock clock) {
        this.clock = clock;
    }

    long nowMillis() {
        return clock.currentTimeMillis();
    }

    /** The statistic of that name, created at 0 if absent. */
    public Statistic statistic(String name) {
        return byName.computeIfAbsent(name, n -> new Statistic(n, this));
    }

    /** The statistic of that name if it exists. */
    public Optional<Statistic> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Removes a statistic ({@code statistic-remove}); returns whether it existed. */
    public boolean remove(String name) {
        Statistic s = byName.remove(name);
        if (s == null) {
            return false;
        }
        s.markRemoved();
        return true;
    }

    /** Resets one statistic to 0 ({@code statistic-reset}); returns whether it existed. */
    public boolean reset(String name) {
        Statistic s = byName.get(name);
        if (s != null) {
            s.reset();
        }
        return s != null;
    }

    /** Removes every statistic ({@code statistic-remove-all}). */
    public void removeAll() {
        byName.clear();
    }

    /** Removes every statistic whose name starts with {@code prefix} (e.g. {@code "subnet[3]."}). */
    public void removeByPrefix(String prefix) {
        byName.entrySet().removeIf(e -> {
            if (e.getKey().startsWith(prefix)) {
                e.getValue().markRemoved();
                return true;
            }
            return false;
        });
    }

    /** Resets every statistic to 0 ({@code statistic-reset-all}). */
    public void resetAll() {
        byName.values().forEach(Statistic::reset);
    }

    /** Every statistic by name, sorted. */
    public Map<String, Statistic> all() {
        return new TreeMap<>(byName);
    }

    /** Kea's per-subnet statistic name, e.g. {@code subnet[1].assigned-addresses}. */
    public static String subnetStat(long subnetId, String name) {
        return "subnet[" + subnetId + "]." + name;
    }
}
