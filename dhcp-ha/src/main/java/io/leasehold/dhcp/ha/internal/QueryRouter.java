package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.Lease4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HA coordinators as one {@link QueryHook}. With one relationship (Kea 2.2 … 3.x single service) every query
 * goes to it and gets its {@code HA_<scope>} class before classification. With several (hub-and-spoke, Kea 2.6+)
 * a query goes to the relationship named by its subnet's {@code ha-server-name} (or its shared network's), and is
 * dropped when there is none; its class is added once the subnet is known; lease updates follow the lease's subnet.
 */
public final class QueryRouter implements QueryHook {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");

    private volatile Routing routing = new Routing(List.of(), Map.of());

    /** The coordinators and, with several, which serves which subnet. */
    public record Routing(List<HaCoordinator> all, Map<Long, HaCoordinator> bySubnet) {
        public Routing {
            all = List.copyOf(all);
            bySubnet = Map.copyOf(bySubnet);
        }
    }

    public void update(Routing r) {
        this.routing = r;
    }

    public Routing routing() {
        return routing;
    }

    /**
     * Which relationship (index) each subnet belongs to: the subnet's {@code user-context.ha-server-name}, else its
     * shared network's, must name a peer of a relationship. Subnets without one are absent.
     */
    public static Map<Long, Integer> relationshipsBySubnet(KeaConfig config, List<Relationship> rels) {
        Map<String, SharedNetwork> nets = new HashMap<>();
        config.sharedNetworks().forEach(n -> nets.put(n.name(), n));
        Map<Long, Integer> out = new LinkedHashMap<>();
        for (Subnet4 s : config.subnets()) {
            Optional<String> name = s.haServerName()
                    .or(() -> s.sharedNetwork().map(nets::get).flatMap(SharedNetwork::haServerName));
            if (name.isEmpty()) {
                continue;
            }
            for (Relationship r : rels) {
                if (r.hasPeer(name.get())) {
                    out.put(s.id(), r.index());
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public void classify(DhcpMessage query, Set<String> classes) {
        List<HaCoordinator> all = routing.all();
        if (all.size() == 1) {
            String scope = all.get(0).scopeOf(query);
            if (scope != null) {
                classes.add(ScopeFilter.scopeClass(scope));
            }
        }
    }

    @Override
    public boolean accept(DhcpMessage query, Subnet4 subnet, Set<String> classes) {
        Routing r = routing;
        if (r.all().isEmpty()) {
            return true;
        }
        HaCoordinator c;
        if (r.all().size() == 1) {
            c = r.all().get(0);
        } else {
            c = subnet == null ? null : r.bySubnet().get(subnet.id());
            if (c == null) {
                LOG.debug("LH_HA_DROP_NO_RELATIONSHIP xid 0x{}: {} names no HA relationship (ha-server-name)",
                        Integer.toHexString(query.xid()), subnet == null ? "no subnet" : "subnet " + subnet.id());
                return false;
            }
        }
        String scope = c.scopeOf(query);
        if (r.all().size() > 1 && scope != null) {
            classes.add(ScopeFilter.scopeClass(scope));
        }
        return c.accept(query, scope);
    }

    @Override
    public CompletionStage<Boolean> leasesCommitted(DhcpMessage query, List<Lease4> updated, List<Lease4> deleted) {
        Routing r = routing;
        if (r.all().isEmpty()) {
            return CompletableFuture.completedFuture(Boolean.TRUE);
        }
        if (r.all().size() == 1) {
            return r.all().get(0).leasesCommitted(updated, deleted);
        }
        Map<HaCoordinator, List<List<Lease4>>> groups = new LinkedHashMap<>();
        group(r, updated, 0, groups);
        group(r, deleted, 1, groups);
        List<CompletableFuture<Boolean>> fs = new ArrayList<>();
        groups.forEach((c, g) -> fs.add(c.leasesCommitted(g.get(0), g.get(1))));
        if (fs.size() == 1) {
            return fs.get(0);
        }
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture[0]))
                .thenApply(v -> fs.stream().allMatch(CompletableFuture::join));
    }

    private static void group(Routing r, List<Lease4> leases, int slot, Map<HaCoordinator, List<List<Lease4>>> out) {
        for (Lease4 l : leases) {
            HaCoordinator c = r.bySubnet().get(l.subnetId());
            if (c == null) {
                LOG.debug("LH_HA_UPDATE_NO_RELATIONSHIP lease of subnet {} belongs to no HA relationship; not sent",
                        l.subnetId());
                continue;
            }
            out.computeIfAbsent(c, k -> List.of(new ArrayList<>(), new ArrayList<>())).get(slot).add(l);
        }
    }
}
