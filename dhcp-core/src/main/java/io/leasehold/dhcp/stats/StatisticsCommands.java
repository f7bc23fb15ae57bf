package io.leasehold.dhcp.stats;

import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Kea's statistic commands: {@code statistic-get}, {@code -get-all}, {@code -reset}, {@code -reset-all},
 * {@code -remove}, {@code -remove-all}, {@code -sample-age-set[-all]}, {@code -sample-count-set[-all]}. A statistic
 * is shown as Kea shows it, {@code [[value, "YYYY-MM-DD HH:MM:SS.ffffff"]]}; Leasehold keeps the latest sample only,
 * so the sample-limit commands are accepted and have nothing to trim.
 */
public final class StatisticsCommands {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private StatisticsCommands() {
    }

    public static void register(CommandRegistry r, StatisticsRegistry stats) {
        r.register("statistic-get", c -> {
            String name = c.args().requireString("name");
            Map<String, Object> out = new LinkedHashMap<>();
            stats.find(name).ifPresent(s -> out.put(name, samples(s)));
            return ControlResult.success(null, out);
        });
        r.register("statistic-get-all", c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            stats.all().forEach((k, v) -> out.put(k, samples(v)));
            return ControlResult.success(null, out);
        });
        r.register("statistic-reset", c -> {
            String name = c.args().requireString("name");
            if (!stats.reset(name)) {
                throw new CommandException("No '" + name + "' statistic found");
            }
            return ControlResult.success("Statistic '" + name + "' reset.");
        });
        r.register("statistic-reset-all", c -> {
            stats.resetAll();
            return ControlResult.success("All statistics reset to neutral values.");
        });
        r.register("statistic-remove", c -> {
            String name = c.args().requireString("name");
            if (!stats.remove(name)) {
                throw new CommandException("No '" + name + "' statistic found");
            }
            return ControlResult.success("Statistic '" + name + "' removed.");
        });
        r.register("statistic-remove-all", c -> {
            stats.removeAll();
            return ControlResult.success("All statistics removed.");
        });
        r.register("statistic-sample-age-set", c -> limitSet(stats, c.args().requireString("name"),
                c.args().requireLong("duration"), "age"));
        r.register("statistic-sample-count-set", c -> limitSet(stats, c.args().requireString("name"),
                c.args().requireLong("max-samples"), "count"));
        r.register("statistic-sample-age-set-all", c -> {
            positive(c.args().requireLong("duration"), "duration");
            return ControlResult.success("All statistics duration limit are set.");
        });
        r.register("statistic-sample-count-set-all", c -> {
            positive(c.args().requireLong("max-samples"), "max-samples");
            return ControlResult.success("All statistics count limit are set.");
        });
    }

    /**
     * Kea's stat_cmds hook: {@code stat-lease4-get} with no argument (all subnets), {@code subnet-id}, or
     * {@code subnet-range {first-subnet-id, last-subnet-id}}, answering one row per configured subnet
     * {@code [subnet-id, total-addresses, cumulative-assigned-addresses, assigned-addresses, declined-addresses]}
     * from the statistics (which Leasehold keeps exact), with Kea's texts.
     *
     * @param subnetIds the configured subnet ids (read at each call: they change with the configuration)
     */
    public static void registerStatLease(CommandRegistry r, StatisticsRegistry stats,
                                         Supplier<Collection<Long>> subnetIds) {
        r.register("stat-lease4-get", c -> {
            var a = c.args();
            if (a.has("subnet-id") && a.has("subnet-range")) {
                throw new CommandException("cannot specify both subnet-id and subnet-range");
            }
            long first = 1;
            long last = 0xffffffffL;
            String label = "all subnets";
            String none = "no subnets configured";
            if (a.has("subnet-id")) {
                if (!(a.raw().get("subnet-id") instanceof Long id)) {
                    throw new CommandException("'subnet-id' parameter is not integer");
                }
                if (id <= 0) {
                    throw new CommandException("'subnet-id' parameter must be > 0");
                }
                first = id;
                last = id;
                label = "subnet-id=" + id;
                none = "subnet-id: " + id + " does not exist";
            } else if (a.has("subnet-range")) {
                Map<String, Object> range = a.optMap("subnet-range").orElseThrow();
                first = rangeBound(range, "first-subnet-id");
                last = rangeBound(range, "last-subnet-id");
                if (last <= first) {
                    throw new CommandException("'last-subnet-id' must be greater than 'first-subnet-id'");
                }
                label = "subnets " + first + " through " + last;
                none = "selected ID range: " + first + " through " + last + " includes no known subnets";
            }
            List<Object> rows = leaseStatRows(stats, subnetIds.get(), first, last);
            if (rows.isEmpty()) {
                return ControlResult.empty("stat-lease4-get[" + label + "]: no matching data, " + none, Map.of());
            }
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("columns", List.of("subnet-id", "total-addresses", "cumulative-assigned-addresses",
                    "assigned-addresses", "declined-addresses"));
            set.put("rows", rows);
            set.put("timestamp", TS.format(Instant.ofEpochMilli(stats.nowMillis())));
            return ControlResult.success("stat-lease4-get[" + label + "]: " + rows.size() + " rows found",
                    Map.of("result-set", set));
        });
    }

    /**
     * The rows of {@code stat-lease4-get} for the configured subnets with ids in {@code first..last}, in id order:
     * {@code [subnet-id, total, cumulative-assigned, assigned, declined]}.
     */
    public static List<Object> leaseStatRows(StatisticsRegistry stats, Collection<Long> subnetIds, long first,
                                             long last) {
        List<Object> rows = new ArrayList<>();
        for (long id : new TreeSet<>(subnetIds)) {
            if (id < first || id > last) {
                continue;
            }
            List<Long> row = new ArrayList<>();
            row.add(id);
            for (String n : List.of("total-addresses", "cumulative-assigned-addresses", "assigned-addresses",
                    "declined-addresses")) {
                row.add(stats.find(StatisticsRegistry.subnetStat(id, n)).map(Statistic::get).orElse(0L));
            }
            rows.add(row);
        }
        return rows;
    }

    private static long rangeBound(Map<String, Object> range, String key) {
        if (!(range.get(key) instanceof Long v)) {
            throw new CommandException("'" + key + "' parameter missing or not an integer");
        }
        if (v <= 0) {
            throw new CommandException("'" + key + "' parameter must be > 0");
        }
        return v;
    }

    private static ControlResult limitSet(StatisticsRegistry stats, String name, long value, String what) {
        Optional<Statistic> s = stats.find(name);
        if (s.isEmpty()) {
            throw new CommandException("No '" + name + "' statistic found");
        }
        positive(value, what.equals("age") ? "duration" : "max-samples");
        return ControlResult.success("Statistic '" + name + "' " + (what.equals("age") ? "duration" : "count")
                + " limit is set.");
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new CommandException("'" + name + "' must be positive");
        }
    }

    /** Kea's sample list for one statistic. */
    public static List<Object> samples(Statistic s) {
        return List.of(List.of(s.get(), TS.format(Instant.ofEpochMilli(s.lastChangeMillis()))));
    }
}
