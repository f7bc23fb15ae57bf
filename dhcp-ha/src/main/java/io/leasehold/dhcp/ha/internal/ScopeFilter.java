package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.HaMode;

import java.util.Set;
import java.util.TreeSet;

/**
 * Kea's query filter for one relationship: which scope a query belongs to and whether this server currently serves
 * it. In hot-standby (and passive-backup) every query belongs to the primary's scope; in load-balancing the
 * RFC 3074 hash of the client identifier (else chaddr) picks the primary's (even) or the secondary's (odd) scope.
 * The served set is replaced on every state change and by {@code ha-scopes}; reads are one volatile load.
 */
final class ScopeFilter {
    private final Relationship rel;
    private volatile Set<String> served = Set.of();

    ScopeFilter(Relationship rel) {
        this.rel = rel;
    }

    /** The {@code HA_<scope>} class Kea attaches to every query. */
    static String scopeClass(String scope) {
        return "HA_" + scope;
    }

    /**
     * The scope of a query: the primary's for hot-standby, passive-backup and message types the hash does not
     * balance; in load-balancing the hashed server's. Null when a load-balanced query has neither client identifier
     * nor chaddr (Kea drops it).
     */
    String scopeOf(DhcpMessage q) {
        if (rel.mode() != HaMode.LOAD_BALANCING || !isBalanced(q)) {
            return rel.primaryName();
        }
        byte[] chaddr = q.hlen() == 0 ? null : q.hardwareAddress().toByteArray();
        byte[] key = LoadBalancingHash.key(q.option(61), chaddr);
        if (key == null) {
            return null;
        }
        int index = LoadBalancingHash.serverIndex(key, rel.active().size());
        return rel.active().get(index).name();
    }

    /**
     * DISCOVER, REQUEST, DECLINE, RELEASE, INFORM (Kea's HA message types) and BOOTP requests, which Leasehold
     * treats like REQUEST so that two servers never both answer one.
     */
    static boolean isBalanced(DhcpMessage q) {
        DhcpMessageType t = q.messageType();
        if (t == null) {
            return true;
        }
        int v = t.intValue();
        return v == 1 || v == 3 || v == 4 || v == 7 || v == 8;
    }

    boolean serves(String scope) {
        return served.contains(scope);
    }

    /** The served scopes, sorted (as in heartbeat answers). */
    Set<String> served() {
        return served;
    }

    void serve(Set<String> scopes) {
        this.served = java.util.Collections.unmodifiableSet(new TreeSet<>(scopes));
    }
}
