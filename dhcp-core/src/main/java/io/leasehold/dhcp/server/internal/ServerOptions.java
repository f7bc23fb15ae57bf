package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.stats.MetricsContributor;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.DhcpTransport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code DhcpServer.Builder} collected, for {@link ServerRuntime}. The collections are the builder's own,
 * read through (not copied), as the server read them before the runtime was split off. See the builder's methods for
 * each setting; {@code null} means "not given" for the nullable ones.
 *
 * @param config               the configuration to start with
 * @param configFile           the file it came from (config-reload, config-write), or null
 * @param configText           its JSON text (config-get), or null when it was given as objects
 * @param store                a lease store the embedder owns, or null to open the configured one
 * @param allocators           creates each subnet's address allocator
 * @param scheduler            timers and clock, or null for a system scheduler the server owns
 * @param hook                 the embedder's query hook, or null
 * @param listener             the embedder's event listener
 * @param extensions           extensions given to the builder
 * @param serverPort           Kea's {@code -p}
 * @param clientPort           Kea's {@code -P}
 * @param transportMode        the socket kind
 * @param bindAddress          the NIO socket's address, or null
 * @param localAddresses       further addresses this server answers to in option 54
 * @param controlSockets       whether to open the configuration's control sockets
 * @param httpControl          an extra HTTP control listener, or null
 * @param httpCredentials      its basic-authentication users, or null
 * @param controlTimeoutMillis how long a unix control connection may take to send a command
 * @param metricsContributors  metrics added to {@code GET /metrics}
 * @param warmUpMillis         the warm-up's time budget before the sockets open; 0 for none
 * @param quiet                a private server of a training run: no LH_SERVER_STARTED line (an operator or a script
 *                             waiting for it must not take the training's server for the real one)
 */
public record ServerOptions(KeaConfig config, Path configFile, String configText, LeaseStore store,
                            AllocatorFactory allocators, Scheduler scheduler, QueryHook hook, ServerListener listener,
                            List<ServerExtension> extensions, int serverPort, int clientPort,
                            DhcpTransport.Mode transportMode, InetAddress bindAddress, Set<Integer> localAddresses,
                            boolean controlSockets, InetSocketAddress httpControl, Map<String, String> httpCredentials,
                            long controlTimeoutMillis, List<MetricsContributor> metricsContributors,
                            long warmUpMillis, boolean quiet) {
}
