package io.leasehold.dhcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each thread reuses one exchange (the engine's per-query state) query after query. A hook that processes another
 * query from inside one (nothing in Leasehold does, an embedder's hook may) must not have the outer query's state
 * overwritten: the nested query gets an exchange of its own.
 */
class ExchangeReuseTest {
    private static final int SERVER = Ipv4.parse("10.77.0.1");

    @Test
    void aQueryProcessedFromInsideAnotherKeepsBothExchangesApart() throws Exception {
        List<Outcome> nested = new ArrayList<>();
        DhcpEngine[] engine = new DhcpEngine[1];
        QueryHook reentrant = new QueryHook() {
            @Override
            public void classify(DhcpMessage query, Set<String> classes) {
                if (query.xid() == 1 && query.hardwareAddress().equals(Queries.mac(1))) {
                    DhcpMessage other = Queries.discover(Queries.mac(2), "10.0.0.1");
                    nested.add(engine[0].process(other, QueryContext.unicast(SERVER, other.giaddr(), 67, 300)));
                }
            }
        };
        engine[0] = DhcpEngine.builder(EngineConfig.from(KeaConfigLoader.parse("""
                { "Dhcp4": { "valid-lifetime": 4000,
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                        "pools": [ { "pool": "10.0.0.10 - 10.0.0.20" } ] } ] } }""", "reuse.json")),
                new InMemoryLeaseStore()).hook(reentrant).localAddresses(Set.of(SERVER)).build();

        DhcpMessage outer = Queries.discover(Queries.mac(1), "10.0.0.1");
        Outcome o = engine[0].process(outer, QueryContext.unicast(SERVER, outer.giaddr(), 67, 300));

        assertEquals(DhcpMessageType.OFFER, o.reply().messageType());
        assertEquals(Queries.mac(1), o.reply().hardwareAddress(), "the outer reply is to the outer client");
        assertEquals(1, nested.size());
        DhcpMessage inner = nested.get(0).reply();
        assertEquals(DhcpMessageType.OFFER, inner.messageType());
        assertEquals(Queries.mac(2), inner.hardwareAddress());
        assertNotEquals(inner.yiaddr(), o.reply().yiaddr(), "two clients, two held offers");

        // The thread's exchange is free again afterwards: the next query is served as usual.
        DhcpMessage third = Queries.discover(Queries.mac(3), "10.0.0.1");
        assertEquals(Queries.mac(3), engine[0].process(third, QueryContext.unicast(SERVER, third.giaddr(), 67, 300))
                .reply().hardwareAddress());
    }

    /**
     * A thread's OFFERs built in one slot may share their outcome object; each still names its own destination and
     * carries no lease, whichever relay the previous one went to.
     */
    @Test
    void offersBuiltInOneSlotEachGoToTheirOwnRelay() throws Exception {
        DhcpEngine engine = DhcpEngine.builder(EngineConfig.from(KeaConfigLoader.parse("""
                { "Dhcp4": { "valid-lifetime": 4000,
                    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                        "pools": [ { "pool": "10.0.0.10 - 10.0.0.20" } ] } ] } }""", "reuse.json")),
                new InMemoryLeaseStore()).localAddresses(Set.of(SERVER)).build();
        MessageSlot replies = new MessageSlot();
        String[] relays = {"10.0.0.1", "10.0.0.2", "10.0.0.2", "10.0.0.1"};
        for (int i = 0; i < relays.length; i++) {
            DhcpMessage q = Queries.discover(Queries.mac(10 + i), relays[i]);
            Outcome o = engine.process(q, QueryContext.unicast(SERVER, q.giaddr(), 67, 300), replies);
            assertEquals(DhcpMessageType.OFFER, o.reply().messageType());
            assertEquals(Queries.mac(10 + i), o.reply().hardwareAddress());
            assertEquals(Ipv4.parse(relays[i]), o.destination().address(), "OFFER " + i + " goes to its relay");
            assertEquals(67, o.destination().port());
            assertEquals(List.of(), o.updated());
        }
    }
}
