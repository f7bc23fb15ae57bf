package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.stats.MetricsContributor;
import io.leasehold.dhcp.stats.MetricsWriter;
import io.leasehold.dhcp.time.Scheduler;

import java.util.Map;

/**
 * A component that plugs into a {@link DhcpServer}, as a Kea hook library does: the HA coordinator is one. It sees
 * queries through its {@link QueryHook}, registers its own commands, adds to {@code status-get}, and adds metrics to
 * {@code GET /metrics} (e.g. the HA state as a gauge) through {@link #writeMetrics}.
 */
public interface ServerExtension extends AutoCloseable, MetricsContributor {

    /** How the extension takes part in query processing. */
    QueryHook hook();

    /** Starts the extension once the server's store, engine and command registry exist. */
    void start(ServerContext context) throws Exception;

    /**
     * Called once after {@link #start} and the server's warm-up, right before the DHCP sockets open: what must not
     * happen before the server can answer clients is released here (the HA state machine holds back every
     * transition into a serving state until then). Nothing by default.
     */
    default void beforeServing() throws Exception {
    }

    /**
     * Called once after {@link #start} and before the server's own warm-up, when warming up is on: an extension
     * whose start-up work needs the CPU and the JIT more than the warm-up does may hold the warm-up back until
     * that work is done or {@code maxMillis} passed (the HA extension waits so for a restarted standby's lease
     * synchronisation: a standby answers no client, and its partner counts on it as soon as it is synchronised).
     * The DHCP sockets open after the warm-up either way. Returns at once by default.
     */
    default void beforeWarmUp(long maxMillis) {
    }

    /**
     * Called once after the server's own warm-up and before {@link #beforeServing}, when warming up is on: the
     * extension runs its own hot paths on scratch objects within {@code budgetMillis}, so that the first real
     * clients meet compiled code (the HA extension sends synthetic lease updates to a scratch listener). It must
     * leave nothing behind (no lease, statistic, listener call or peer traffic) and should not throw. Nothing by
     * default.
     */
    default void warmUp(long budgetMillis) {
    }

    /** Applies a new configuration; throw to refuse it (the running configuration stays). */
    default void reconfigure(KeaConfig config) throws Exception {
    }

    /** Adds this extension's part to {@code status-get}'s arguments. */
    default void status(Map<String, Object> arguments) {
    }

    /** Adds this extension's metrics to the Prometheus endpoint; nothing by default. */
    @Override
    default void writeMetrics(MetricsWriter out) {
    }

    @Override
    void close();

    /** Creates extensions for configurations that load the matching Kea hook library. */
    interface Factory {
        /** Whether the configuration asks for this extension (e.g. it loads {@code libdhcp_ha.so}). */
        boolean appliesTo(KeaConfig config);

        ServerExtension create(KeaConfig config);

        /**
         * Runs this kind of extension's hot paths on scratch objects only, for a training run ({@link
         * DhcpServer#train}): no extension is created, nothing real is opened or contacted (the HA factory sends
         * synthetic lease updates to a scratch listener of its own on the loopback address). Within
         * {@code budgetMillis}; should not throw. Nothing by default.
         */
        default void train(KeaConfig config, Scheduler scheduler, long budgetMillis) {
        }
    }
}
