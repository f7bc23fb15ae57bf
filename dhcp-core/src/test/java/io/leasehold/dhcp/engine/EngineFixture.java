package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.VirtualTime;

import java.util.Set;

/** An engine over an in-memory store and virtual time, configured from Kea JSON. */
final class EngineFixture {
    static final int SERVER = Ipv4.parse("192.0.2.1");

    final VirtualTime time;
    final LeaseStore store;
    final StatisticsRegistry stats;
    final DhcpEngine engine;

    EngineFixture(String dhcp4Body) {
        this(dhcp4Body, QueryHook.NONE);
    }

    EngineFixture(String dhcp4Body, QueryHook hook) {
        this(dhcp4Body, hook, new InMemoryLeaseStore(), new VirtualTime());
    }

    /** An engine over a store and time shared with other engines (servers on one lease database). */
    EngineFixture(String dhcp4Body, QueryHook hook, LeaseStore store, VirtualTime time) {
        this.store = store;
        this.time = time;
        this.stats = new StatisticsRegistry(time);
        KeaConfig c;
        try {
            c = KeaConfigLoader.parse("{ \"Dhcp4\": " + dhcp4Body + " }", "test.json");
        } catch (io.leasehold.dhcp.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        engine = DhcpEngine.builder(EngineConfig.from(c), store).clock(time).statistics(stats).hook(hook)
                .localAddresses(Set.of(SERVER)).build();
    }

    /** A relayed query arriving at the server's address from the relay. */
    Outcome relayed(DhcpMessage q) {
        return engine.process(q, QueryContext.unicast(SERVER, q.giaddr(), 67, 300));
    }

    /** A unicast query from a client that has an address (renew, release, inform). */
    Outcome direct(DhcpMessage q, int source) {
        return engine.process(q, QueryContext.unicast(SERVER, source, 68, 300));
    }

    long stat(String name) {
        return stats.find(name).map(s -> s.get()).orElse(-1L);
    }
}
