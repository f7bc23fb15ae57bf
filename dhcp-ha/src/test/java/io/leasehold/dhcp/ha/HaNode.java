package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.LeaseCommandContext;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.server.ServerContext;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.server.internal.CoreCommands;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.VirtualTime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One Leasehold server in a test: real engine, in-memory lease store, command registry, DHCP service state and the
 * HA extension, all on a shared {@link VirtualTime}. Queries go through the same steps as the server's packet
 * pipeline (service check, engine, leasesCommitted holding the reply).
 */
final class HaNode implements AutoCloseable {
    final String label;
    final KeaConfig config;
    final VirtualTime time;
    final LeaseStore store;
    final StatisticsRegistry stats;
    final ServiceState service;
    final CommandRegistry commands = new CommandRegistry();
    final DhcpEngine engine;
    final LeaseCommands leases;
    final HaExtension ha;
    final int serverAddress;
    final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    volatile boolean alive;

    HaNode(String label, KeaConfig config, VirtualTime time, Function<HaPeer, PeerClient> clients,
           String serverAddress) {
        this(label, config, time, clients, serverAddress, false);
    }

    /** With {@code listeners}, the dedicated HTTP listeners open on this server's peer URLs. */
    HaNode(String label, KeaConfig config, VirtualTime time, Function<HaPeer, PeerClient> clients,
           String serverAddress, boolean listeners) {
        this(label, config, time, clients, serverAddress, listeners, new InMemoryLeaseStore());
    }

    /** With another lease store than the in-memory one. */
    HaNode(String label, KeaConfig config, VirtualTime time, Function<HaPeer, PeerClient> clients,
           String serverAddress, boolean listeners, LeaseStore store) {
        this.store = store;
        this.label = label;
        this.config = config;
        this.time = time;
        this.serverAddress = Ipv4.parse(serverAddress);
        this.stats = new StatisticsRegistry(time);
        this.service = new ServiceState(time);
        this.ha = HaExtension.builder(config).peerClients(clients).dedicatedListeners(listeners).build();
        this.engine = DhcpEngine.builder(EngineConfig.from(config), store).clock(time).statistics(stats)
                .hook(ha.hook()).localAddresses(Set.of(this.serverAddress)).build();
        this.leases = new LeaseCommands(leaseContext());
        leases.registerAll(commands);
        service.registerCommands(commands);
        commands.register("status-get", c -> {
            Map<String, Object> args = new LinkedHashMap<>();
            ha.status(args);
            return ControlResult.success(null, args);
        });
    }

    static KeaConfig config(String text, String name) {
        try {
            return KeaConfigLoader.parse(text, name);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static String resource(String path) {
        try (InputStream in = HaNode.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HaNode start() {
        ServerListener listener = new ServerListener() {
            @Override
            public void haStateChanged(String relationship, String from, String to) {
                transitions.add(time.currentTimeMillis() + " " + relationship + ":" + from + "->" + to);
            }
        };
        try {
            ha.start(new ServerContext(config, store, engine, leases, commands, service, stats, time, listener));
            ha.beforeServing();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        alive = true;
        return this;
    }

    /** The process dies: timers stop, peers can no longer reach it. */
    void kill() {
        alive = false;
        ha.close();
    }

    @Override
    public void close() {
        if (alive) {
            kill();
        }
    }

    /** Virtual time (ms) at which {@code relationship} first moved from {@code from} to {@code to}, or -1. */
    long when(String relationship, String from, String to) {
        String suffix = " " + relationship + ":" + from + "->" + to;
        synchronized (transitions) {
            for (String t : transitions) {
                if (t.endsWith(suffix)) {
                    return Long.parseLong(t.substring(0, t.indexOf(' ')));
                }
            }
        }
        return -1;
    }

    HaState state() {
        return ha.status().state();
    }

    HaState state(String relationship) {
        return ha.status(relationship).state();
    }

    ControlResult command(String name, Map<String, Object> args) {
        return commands.execute(new Command(name, args, List.of("dhcp4"), "test"));
    }

    /** What the server did with one query. */
    record Reply(Outcome outcome, CompletableFuture<Boolean> acked) {
        /** The reply the client receives, or null (dropped, service off, or the partner did not acknowledge). */
        DhcpMessage received() {
            if (outcome == null || !outcome.hasReply()) {
                return null;
            }
            try {
                // Immediate with in-line delivery; with a delivery pool the partner answers within milliseconds.
                return Boolean.TRUE.equals(acked.get(5, java.util.concurrent.TimeUnit.SECONDS)) ? outcome.reply() : null;
            } catch (java.util.concurrent.TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                return null;
            }
        }
    }

    Reply query(DhcpMessage q) {
        if (!alive) {
            throw new IllegalStateException(label + " is dead");
        }
        if (!service.isEnabled()) {
            return new Reply(null, CompletableFuture.completedFuture(false));
        }
        Outcome o = engine.process(q, QueryContext.unicast(serverAddress, q.giaddr(), 67, 300));
        CompletableFuture<Boolean> acked = o.changedLeases()
                ? ha.hook().leasesCommitted(q, o.updated(), o.deleted()).toCompletableFuture()
                : CompletableFuture.completedFuture(true);
        return new Reply(o, acked);
    }

    /** DISCOVER + REQUEST through a relay at {@code giaddr}; returns the ACK the client got, or null. */
    DhcpMessage dora(HardwareAddress mac, String giaddr) {
        DhcpMessage offer = query(Queries.discover(mac, giaddr, 0)).received();
        if (offer == null || offer.messageType() != DhcpMessageType.OFFER) {
            return null;
        }
        DhcpMessage ack = query(Queries.request(mac, giaddr, offer.yiaddr(), offer.serverIdentifier().getAsInt()))
                .received();
        return ack != null && ack.messageType() == DhcpMessageType.ACK ? ack : null;
    }

    Lease4 lease(String address) {
        return store.get(Ipv4.parse(address)).orElse(null);
    }

    long leaseCount() {
        return store.getPage(0, 100_000).size();
    }

    private LeaseCommandContext leaseContext() {
        return new LeaseCommandContext() {
            @Override
            public LeaseStore store() {
                return store;
            }

            @Override
            public long nowSeconds() {
                return time.currentTimeSeconds();
            }

            @Override
            public long resolveSubnet(long requested, int address) {
                return CoreCommands.resolveSubnet(engine, requested, address);
            }

            @Override
            public long defaultValidLifetime(long subnetId) {
                return engine.defaultValidLifetime(subnetId);
            }

            @Override
            public Collection<Long> subnetIds() {
                return engine.subnetIds();
            }

            @Override
            public void leaseChanged(Lease4 before, Lease4 after) {
                engine.leaseChanged(before, after);
            }
        };
    }
}
