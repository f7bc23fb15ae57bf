package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Scheduler;

/**
 * What a {@link ServerExtension} can use of the running server.
 *
 * @param config        the configuration in force
 * @param store         the lease store
 * @param engine        the DHCP engine (lease changes made outside packet processing are reported to it)
 * @param leaseCommands typed lease operations that keep allocators and statistics in step
 * @param commands      the command registry shared by every control channel
 * @param service       the DHCP service state (enable/disable by origin)
 * @param statistics    the statistics
 * @param scheduler     timers and the clock
 * @param listener      the embedder's event listener
 */
public record ServerContext(KeaConfig config, LeaseStore store, DhcpEngine engine, LeaseCommands leaseCommands,
                            CommandRegistry commands, ServiceState service, StatisticsRegistry statistics,
                            Scheduler scheduler, ServerListener listener) {
}
