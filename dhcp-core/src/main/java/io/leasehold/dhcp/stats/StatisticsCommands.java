package io.leasehold.dhcp.stats;

import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
