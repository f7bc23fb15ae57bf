package io.leasehold.dhcp.stats;

/**
 * Adds metrics to the server's Prometheus endpoint ({@code GET /metrics} on every HTTP control listener). Every
 * {@code ServerExtension} is one (with nothing to add by default); embedders can register more with
 * {@code DhcpServer.Builder.metricsContributor}. Called on a control thread at each scrape, so it should read
 * volatile state and return quickly; an exception is logged and leaves out only this contributor's metrics.
 *
 * <p>The HA extension fills its state this way, e.g.
 * <pre>{@code
 * public void writeMetrics(MetricsWriter out) {
 *     out.gauge("leasehold_ha_state", "HA state of this server (1 for the current state)",
 *             Map.of("relationship", "server1", "state", state.name().toLowerCase()), 1);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MetricsContributor {
    void writeMetrics(MetricsWriter out);
}
