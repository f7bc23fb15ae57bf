package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.ha.HaState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Query scoping: the scope of a query per mode, and whether this server answers it. */
class ScopeFilterTest {
    private final AtomicBoolean locallyOff = new AtomicBoolean();
    private final List<DhcpMessage> notServed = new ArrayList<>();

    private ScopeFilter filter(String mode) {
        return new ScopeFilter(HaTestKit.relationship("server1", mode, null), locallyOff::get,
                () -> HaState.WAITING, notServed::add, () -> false);
    }

    @Test
    void hotStandbyQueriesAllBelongToThePrimary() {
        ScopeFilter f = filter("hot-standby");
        for (int n = 0; n < 20; n++) {
            assertEquals("server1", f.scopeOf(HaTestKit.discover(n, 0)));
        }
    }

    @Test
    void loadBalancingHashesTheClientToTheActiveServers() {
        ScopeFilter f = filter("load-balancing");
        Set<String> seen = new TreeSet<>();
        for (int n = 0; n < 20; n++) {
            DhcpMessage q = HaTestKit.discover(n, 0);
            byte[] key = LoadBalancingHash.key(null, q.hardwareAddress().toByteArray());
            String expected = LoadBalancingHash.serverIndex(key, 2) == 0 ? "server1" : "server2";
            assertEquals(expected, f.scopeOf(q));
            seen.add(f.scopeOf(q));
        }
        assertEquals(Set.of("server1", "server2"), seen, "20 clients land on both servers");
        DhcpMessage noKey = DhcpMessage.builder().xid(1).messageType(DhcpMessageType.DISCOVER).build();
        assertNull(f.scopeOf(noKey), "neither client identifier nor chaddr");
    }

    @Test
    void acceptsServedScopesOnlyAndHandsTheOthersToTheAnalysis() {
        ScopeFilter f = filter("load-balancing");
        DhcpMessage q = HaTestKit.discover(1, 5);
        assertFalse(f.accept(q, "server1"), "nothing served yet (waiting)");
        assertEquals(List.of(q), notServed);

        f.serve(Set.of("server2", "server1"));
        assertEquals(List.of("server1", "server2"), List.copyOf(f.served()), "sorted, as in heartbeat answers");
        assertTrue(f.accept(q, "server1"));
        assertTrue(f.accept(q, "server2"));
        f.serve(Set.of("server1"));
        assertTrue(f.accept(q, "server1"));
        assertFalse(f.accept(q, "server2"));
        assertEquals(2, notServed.size());

        assertFalse(f.accept(q, null), "a query without a key is dropped");
        assertEquals(2, notServed.size(), "and not analysed");
    }

    @Test
    void locallyOffDropsEveryQueryOfTheRelationship() {
        ScopeFilter f = filter("hot-standby");
        f.serve(Set.of("server1"));
        locallyOff.set(true);
        DhcpMessage q = HaTestKit.discover(1, 5);
        assertFalse(f.accept(q, "server1"));
        assertFalse(f.accept(q, "server2"));
        assertEquals(List.of(), notServed, "not analysed either");
        locallyOff.set(false);
        assertTrue(f.accept(q, "server1"));
    }
}
