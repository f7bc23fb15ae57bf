package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.ha.HaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Kea's query filter for one relationship: which scope a query belongs to and whether this server currently serves
 * it. In hot-standby (and passive-backup) every query belongs to the primary's scope; in load-balancing the
 * RFC 3074 hash of the client identifier (else chaddr) picks the primary's (even) or the secondary's (odd) scope.
 * The served set is replaced on every state change and by {@code ha-scopes}; reads are one volatile load.
 *
 * <p>Threading: {@link #scopeOf} and {@link #accept} run on packet workers without a lock; the served set is
 * written by the state machine under the coordinator's monitor.
 */
final class ScopeFilter {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private final Relationship rel;
    private final BooleanSupplier locallyOff;
    private final Supplier<HaState> state;
    private final Consumer<DhcpMessage> notServed;
    private final BooleanSupplier frozen;
    private volatile Set<String> served = Set.of();

    /**
     * @param locallyOff with several relationships: whether the current state turned this relationship's DHCP
     *                   service off (its queries are then dropped here instead of by the server's service state)
     * @param state      the relationship's current state (for the log)
     * @param notServed  gets each query for a scope this server does not serve (the unacked-clients analysis)
     * @param frozen     whether the process may just have been frozen ({@link FreezeGuard#suspect}): then no
     *                   query is answered until the state machine has gone back to waiting
     */
    ScopeFilter(Relationship rel, BooleanSupplier locallyOff, Supplier<HaState> state,
                Consumer<DhcpMessage> notServed, BooleanSupplier frozen) {
        this.rel = rel;
        this.frozen = frozen;
        this.locallyOff = locallyOff;
        this.state = state;
        this.notServed = notServed;
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

    /**
     * Whether this server answers a query of {@code scope} (from {@link #scopeOf}); a query for a scope we do not
     * serve feeds the unacked-clients analysis while communication with the partner is interrupted.
     */
    boolean accept(DhcpMessage q, String scope) {
        if (locallyOff.getAsBoolean()) {
            LOG.debug("LH_HA_DROP_SERVICE_OFF {}: xid 0x{} dropped, the relationship is in state {}", rel.name(),
                    Integer.toHexString(q.xid()), state.get());
            return false;
        }
        if (frozen.getAsBoolean()) {
            LOG.debug("LH_HA_DROP_THAWED {}: xid 0x{} dropped, the process was just frozen and resynchronises first",
                    rel.name(), Integer.toHexString(q.xid()));
            return false;
        }
        if (scope == null) {
            LOG.debug("LH_HA_DROP_NO_LB_KEY {}: xid 0x{} has neither client identifier nor chaddr", rel.name(),
                    Integer.toHexString(q.xid()));
            return false;
        }
        if (serves(scope)) {
            return true;
        }
        notServed.accept(q);
        return false;
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
