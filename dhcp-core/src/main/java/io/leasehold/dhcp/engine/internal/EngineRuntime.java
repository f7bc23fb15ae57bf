package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.Clock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configuration generation, compiled for packet processing: subnets in id order with their allocators and
 * reservation indexes, the classifier, and the set of server identifiers this server answers to. Immutable once
 * built; a reconfiguration builds a new one and swaps it in.
 */
public final class EngineRuntime {
    final EngineConfig config;
    final List<SubnetRuntime> subnets;
    final Map<Long, SubnetRuntime> byId = new HashMap<>();
    final SubnetSelector selector;
    final Classifier classifier;
    final Reservations globalReservations;
    /** Addresses configured as dhcp-server-identifier anywhere (a client may address them in option 54). */
    final Set<Integer> configuredServerIds = new HashSet<>();

    EngineRuntime(EngineConfig config, Clock clock, long offerHoldMillis) {
        this(config, clock, offerHoldMillis, io.leasehold.dhcp.alloc.AllocatorFactory.SHIPPED);
    }

    EngineRuntime(EngineConfig config, Clock clock, long offerHoldMillis,
                  io.leasehold.dhcp.alloc.AllocatorFactory allocators) {
        this.config = config;
        Map<String, SharedNetwork> networks = new HashMap<>();
        for (SharedNetwork n : config.sharedNetworks()) {
            networks.put(n.name(), n);
            collectServerIds(n.optionData());
        }
        List<SubnetRuntime> list = new ArrayList<>();
        for (Subnet4 s : config.subnets()) {
            SharedNetwork n = s.sharedNetwork().map(networks::get).orElse(null);
            list.add(new SubnetRuntime(s, n, allocator(s, clock, offerHoldMillis, allocators),
                    new Reservations(s.reservations())));
            collectServerIds(s.optionData());
            for (Pool4 p : s.pools()) {
                collectServerIds(p.optionData());
            }
        }
        list.sort(Comparator.comparingLong(SubnetRuntime::id));
        this.subnets = Collections.unmodifiableList(list);
        Map<String, List<SubnetRuntime>> families = new HashMap<>();
        for (SubnetRuntime s : subnets) {
            byId.put(s.id(), s);
            if (s.network != null) {
                families.computeIfAbsent(s.network.name(), k -> new ArrayList<>()).add(s);
            }
        }
        for (SubnetRuntime s : subnets) {
            s.family = s.network == null ? List.of(s) : List.copyOf(families.get(s.network.name()));
            OptionAssembler.prime(s, config.globalOptions());
        }
        this.selector = new SubnetSelector(subnets);
        this.classifier = new Classifier(config.clientClasses(), config.optionDefinitions());
        this.globalReservations = new Reservations(config.globalReservations());
        collectServerIds(config.globalOptions());
        config.clientClasses().forEach(c -> collectServerIds(c.optionData()));
    }

    private void collectServerIds(List<OptionData> options) {
        for (OptionData o : options) {
            if (o.code() == 54 && o.space().equals("dhcp4") && o.payloadLength() == 4) {
                byte[] b = o.payload();
                configuredServerIds.add((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
            }
        }
    }

    private static AddressAllocator allocator(Subnet4 s, Clock clock, long offerHoldMillis,
                                              io.leasehold.dhcp.alloc.AllocatorFactory allocators) {
        List<PoolRange> pools = new ArrayList<>();
        for (Pool4 p : s.pools()) {
            pools.add(new PoolRange(AddressRange.of(p.first(), p.last()), new LinkedHashSet<>(p.clientClasses())));
        }
        AllocatorType type = AllocatorType.fromKeaName(s.settings().allocator().keaName());
        AddressAllocator a = allocators.create(s.id(), type, pools, clock, offerHoldMillis);
        for (var r : s.reservations()) {
            r.ipAddress().ifPresent(a::reserve);
        }
        return a;
    }

    /** Marks every leased address used in its subnet's allocator (start-up and reconfiguration). */
    void loadLeases(LeaseStore store) {
        int after = 0;
        while (true) {
            List<Lease4> page = store.getPage(after, 10_000);
            for (Lease4 l : page) {
                if (holdsAddress(l)) {
                    SubnetRuntime s = byId.get(l.subnetId());
                    if (s != null) {
                        s.allocator.markUsed(l.address());
                    } else {
                        SubnetRuntime c = selector.containing(l.address(), n -> true);
                        if (c != null) {
                            c.allocator.markUsed(l.address());
                        }
                    }
                }
            }
            if (page.size() < 10_000) {
                return;
            }
            after = page.get(page.size() - 1).address();
        }
    }

    /** A lease in state default or declined keeps its address out of the pool, expired or not (until reclaimed). */
    static boolean holdsAddress(Lease4 l) {
        return l.state() == LeaseState.DEFAULT || l.state() == LeaseState.DECLINED;
    }

    /** The subnet (of any family) holding the address in its prefix, ignoring classes. */
    SubnetRuntime subnetContaining(int address) {
        return selector.containing(address, c -> true);
    }

    public List<SubnetRuntime> subnets() {
        return subnets;
    }

    /** The subnet id a lease for {@code address} belongs in (0 when none). */
    public long subnetFor(int address) {
        SubnetRuntime s = subnetContaining(address);
        return s == null ? 0 : s.id();
    }

    /** The configured subnet ids, in id order. */
    public List<Long> subnetIds() {
        List<Long> ids = new ArrayList<>();
        for (SubnetRuntime s : subnets) {
            ids.add(s.id());
        }
        return ids;
    }

    /** The valid lifetime of a subnet, or the global one when there is no such subnet. */
    public long defaultValidLifetime(long subnetId) {
        SubnetRuntime s = subnet(subnetId);
        return s == null ? config.globalSettings().lifetime().valid() : s.subnet().settings().lifetime().valid();
    }

    public SubnetRuntime subnet(long id) {
        return byId.get(id);
    }
}
