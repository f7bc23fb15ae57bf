package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Ipv4Prefix;
import io.leasehold.dhcp.config.Pool4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks across all subnets (top-level and in shared networks): ids unique, prefixes unique, and no two pools
 * sharing an address (within a subnet {@link PoolParser} already checked). Errors point at the later entry.
 */
final class AddressPlanValidator {
    private AddressPlanValidator() {
    }

    static void validate(List<SubnetParser.ParsedSubnet> subnets) throws ConfigException {
        Map<Long, SubnetParser.ParsedSubnet> ids = new HashMap<>();
        Map<Ipv4Prefix, SubnetParser.ParsedSubnet> prefixes = new HashMap<>();
        List<PoolEntry> pools = new ArrayList<>();
        for (SubnetParser.ParsedSubnet s : subnets) {
            SubnetParser.ParsedSubnet sameId = ids.putIfAbsent(s.subnet().id(), s);
            if (sameId != null) {
                Node at = s.idNode() != null ? s.idNode() : s.node();
                throw at.error("subnet id " + s.subnet().id() + " is already used by subnet " + sameId.subnet().prefix()
                        + " (" + sameId.node().path() + ")");
            }
            SubnetParser.ParsedSubnet samePrefix = prefixes.putIfAbsent(s.subnet().prefix(), s);
            if (samePrefix != null) {
                throw s.prefixNode().error("subnet " + s.subnet().prefix() + " is already defined ("
                        + samePrefix.node().path() + ")");
            }
            for (PoolParser.ParsedPool p : s.pools()) {
                pools.add(new PoolEntry(p.pool(), p.rangeNode(), s, pools.size()));
            }
        }
        pools.sort(Comparator.comparingLong((PoolEntry e) -> Integer.toUnsignedLong(e.pool.first())));
        PoolEntry reach = null;
        for (PoolEntry e : pools) {
            if (reach != null && reach.pool.overlaps(e.pool)) {
                PoolEntry later = reach.order > e.order ? reach : e;
                PoolEntry earlier = later == e ? reach : e;
                throw later.node.error("pool " + later.pool.rangeText() + " overlaps pool "
                        + earlier.pool.rangeText() + " of subnet " + earlier.subnet.subnet().id() + " ("
                        + earlier.node.path() + ")");
            }
            if (reach == null || Integer.compareUnsigned(e.pool.last(), reach.pool.last()) > 0) {
                reach = e;
            }
        }
    }

    private record PoolEntry(Pool4 pool, Node node, SubnetParser.ParsedSubnet subnet, int order) {
    }
}
