package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.stats.MetricsContributor;
import io.leasehold.dhcp.stats.MetricsWriter;
import io.leasehold.dhcp.stats.Statistic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's Prometheus text ({@code GET /metrics}). Every Kea statistic appears under its name with
 * {@code leasehold_} in front and {@code -} turned into {@code _}: global ones as is
 * ({@code pkt4-received} becomes {@code leasehold_pkt4_received_total}), per-subnet ones as
 * {@code leasehold_subnet_...{subnet="1"}}, per-pool ones as {@code leasehold_pool_...{subnet="1",pool="0"}}.
 * Address counts ({@code total-addresses}, {@code assigned-addresses}, {@code declined-addresses}) are gauges, the
 * rest counters with the conventional {@code _total} suffix. Added: {@code leasehold_subnet_address_utilization}
 * (assigned / total per subnet), {@code leasehold_dhcp_service_enabled}, {@code leasehold_uptime_seconds},
 * {@code leasehold_info}, then whatever the {@link MetricsContributor}s write.
 */
public final class PrometheusMetrics {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    private static final Pattern POOL = Pattern.compile("subnet\\[(\\d+)]\\.pool\\[(\\d+)]\\.(.+)");
    private static final Pattern SUBNET = Pattern.compile("subnet\\[(\\d+)]\\.(.+)");
    private static final Set<String> GAUGES = Set.of("total-addresses", "assigned-addresses", "declined-addresses");

    private PrometheusMetrics() {
    }

    public static String render(ServerControl server, List<MetricsContributor> contributors) {
        MetricsWriter w = new MetricsWriter();
        w.gauge("leasehold_info", "Leasehold version", Map.of("version", CoreCommands.VERSION), 1);
        w.gauge("leasehold_uptime_seconds", "Seconds since the server started", Map.of(), server.uptimeSeconds());
        w.gauge("leasehold_dhcp_service_enabled", "1 when the DHCP service answers clients, 0 while disabled",
                Map.of(), server.service().isEnabled() ? 1 : 0);
        for (Map.Entry<String, Statistic> e : server.statistics().all().entrySet()) {
            statistic(w, e.getKey(), e.getValue().get());
        }
        utilization(w, server);
        for (MetricsContributor c : contributors) {
            try {
                c.writeMetrics(w);
            } catch (RuntimeException e) {
                LOG.warn("LH_METRICS_CONTRIBUTOR_FAILED {} failed to write its metrics", c, e);
            }
        }
        return w.render();
    }

    static void statistic(MetricsWriter w, String name, long value) {
        Map<String, String> labels = new LinkedHashMap<>();
        String family;
        String base;
        Matcher pool = POOL.matcher(name);
        Matcher subnet = SUBNET.matcher(name);
        if (pool.matches()) {
            labels.put("subnet", pool.group(1));
            labels.put("pool", pool.group(2));
            base = pool.group(3);
            family = "leasehold_pool_";
        } else if (subnet.matches()) {
            labels.put("subnet", subnet.group(1));
            base = subnet.group(2);
            family = "leasehold_subnet_";
        } else {
            base = name;
            family = "leasehold_";
        }
        String metric = MetricsWriter.sanitize(family + base);
        String help = "Kea statistic " + (labels.isEmpty() ? name : base);
        try {
            if (GAUGES.contains(base)) {
                w.gauge(metric, help, labels, value);
            } else {
                w.counter(metric + "_total", help, labels, value);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("statistic {} left out of the metrics: {}", name, e.getMessage());
        }
    }

    private static void utilization(MetricsWriter w, ServerControl server) {
        KeaConfig config = server.config();
        for (var s : config.subnets()) {
            long total = stat(server, "subnet[" + s.id() + "].total-addresses");
            long assigned = stat(server, "subnet[" + s.id() + "].assigned-addresses");
            w.gauge("leasehold_subnet_address_utilization", "Assigned (and declined) addresses of a subnet's pools"
                            + " divided by the pools' size (0 when the subnet has no pool)",
                    Map.of("subnet", Long.toString(s.id()), "prefix", s.prefix().toString()),
                    total == 0 ? 0 : (double) assigned / total);
        }
    }

    private static long stat(ServerControl server, String name) {
        return server.statistics().find(name).map(Statistic::get).orElse(0L);
    }
}
