package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.lease.Ipv4;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the pools two load-balancing servers would both allocate from. In load balancing each server allocates for
 * the clients of its own scope while the other does the same, and a lease update only arrives after the ACK: if both
 * draw from one pool, the same free address can go to two clients at once and each server's update then overwrites
 * the other's. Kea's answer, which seed 002 follows, is to split every pool by the {@code HA_<server>} classes. A
 * pool counts as split when one of its client classes is an {@code HA_} class or is defined (directly or through
 * classes it names) by a test that mentions one.
 */
public final class SplitPoolCheck {
    private SplitPoolCheck() {
    }

    /** One pool shared by both load-balancing servers. */
    public record SharedPool(long subnetId, String subnet, String pool) {
    }

    /**
     * The shared pools of the subnets served by a load-balancing relationship ({@code servedBy} tells whether a subnet
     * belongs to it); empty for other modes.
     */
    public static List<SharedPool> sharedPools(KeaConfig config, HaMode mode, java.util.function.LongPredicate servedBy) {
        List<SharedPool> out = new ArrayList<>();
        if (mode != HaMode.LOAD_BALANCING) {
            return out;
        }
        Map<String, String> tests = new HashMap<>();
        for (ClientClass c : config.clientClasses()) {
            tests.put(c.name(), c.test() == null ? "" : c.test());
        }
        for (Subnet4 s : config.subnets()) {
            if (!servedBy.test(s.id())) {
                continue;
            }
            for (Pool4 p : s.pools()) {
                if (p.clientClasses().stream().noneMatch(c -> scoped(c, tests, new HashSet<>()))) {
                    out.add(new SharedPool(s.id(), s.prefix().toString(),
                            Ipv4.toString(p.first()) + " - " + Ipv4.toString(p.last())));
                }
            }
        }
        return out;
    }

    private static boolean scoped(String name, Map<String, String> tests, Set<String> seen) {
        if (name.startsWith("HA_")) {
            return true;
        }
        if (!seen.add(name)) {
            return false;
        }
        String test = tests.getOrDefault(name, "");
        if (test.contains("'HA_") || test.contains("\"HA_")) {
            return true;
        }
        // member('other') makes this class as scoped as the class it names
        int i = 0;
        while ((i = test.indexOf("member(", i)) >= 0) {
            int open = i + "member(".length();
            int close = test.indexOf(')', open);
            if (close < 0) {
                break;
            }
            String arg = test.substring(open, close).trim();
            if (arg.length() > 2) {
                if (scoped(arg.substring(1, arg.length() - 1), tests, seen)) {
                    return true;
                }
            }
            i = close;
        }
        return false;
    }
}
