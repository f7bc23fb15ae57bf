package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Subnet ids for subnets that have none (or 0): the next number after the highest id configured anywhere, in file
 * order, as newer Kea does (Kea 2.2 counted from 1 and could collide with configured ids).
 */
final class SubnetIds {
    static final long MAX_ID = 4294967294L;

    private long last;

    private SubnetIds(long highestConfigured) {
        this.last = highestConfigured;
    }

    /** Scans the top-level and shared-network subnet lists for configured ids. */
    static SubnetIds scan(Node.Obj dhcp4) {
        long max = 0;
        for (Node.Obj subnet : allSubnetMaps(dhcp4)) {
            Node.Member id = subnet.members().get("id");
            if (id != null && id.value() instanceof Node.Num n && n.integral()
                    && n.value().compareTo(java.math.BigDecimal.valueOf(MAX_ID)) <= 0) {
                max = Math.max(max, n.value().longValue());
            }
        }
        return new SubnetIds(max);
    }

    long next(Node at) throws ConfigException {
        if (last >= MAX_ID) {
            throw at.error("no subnet id left to assign automatically; give this subnet an id");
        }
        return ++last;
    }

    private static List<Node.Obj> allSubnetMaps(Node.Obj dhcp4) {
        List<Node.Obj> out = new ArrayList<>();
        addMaps(dhcp4.members().get("subnet4"), out);
        Node.Member networks = dhcp4.members().get("shared-networks");
        if (networks != null && networks.value() instanceof Node.Arr arr) {
            for (Node network : arr.elements()) {
                if (network instanceof Node.Obj obj) {
                    addMaps(obj.members().get("subnet4"), out);
                }
            }
        }
        return out;
    }

    private static void addMaps(Node.Member list, List<Node.Obj> out) {
        if (list != null && list.value() instanceof Node.Arr arr) {
            for (Node n : arr.elements()) {
                if (n instanceof Node.Obj obj) {
                    out.add(obj);
                }
            }
        }
    }
}
