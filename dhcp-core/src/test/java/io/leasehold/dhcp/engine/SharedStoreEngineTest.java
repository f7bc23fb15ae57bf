package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.VirtualTime;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two engines on one lease store, as two servers on one lease database with the same pool: the store is the truth.
 * An address another server committed first is NAKed (never overwritten) and stays used in this server's allocator;
 * an address the server chose itself moves on to the next candidate; exhaustion is reported for the store to act on.
 */
class SharedStoreEngineTest {
    private static final String CONFIG = """
            { "valid-lifetime": 4000,
              "subnet4": [ { "id": 1, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "10.0.0.1" ] },
                             "pools": [ { "pool": "10.0.1.10 - 10.0.1.13" } ] } ] }
            """;
    private static final String RELAY = "10.0.0.1";
    private static final int FIRST = Ipv4.parse("10.0.1.10");

    private final VirtualTime time = new VirtualTime();
    private final InMemoryLeaseStore shared = new InMemoryLeaseStore();

    private EngineFixture server(LeaseStore store) {
        return new EngineFixture(CONFIG, QueryHook.NONE, store, time);
    }

    private static AddressAllocator allocator(EngineFixture f) {
        return f.engine.allocator(1).orElseThrow();
    }

    private static int offer(EngineFixture f, HardwareAddress hw) {
        Outcome o = f.relayed(Queries.discover(hw, RELAY));
        assertTrue(o.hasReply(), "an OFFER for " + hw);
        return o.reply().yiaddr();
    }

    private static int type(Outcome o) {
        return o.reply().messageType().intValue();
    }

    @Test
    void anAddressTheOtherServerCommittedFirstIsNakedAndStaysUsed() {
        EngineFixture a = server(shared);
        EngineFixture b = server(shared);
        HardwareAddress ca = Queries.mac(1);
        HardwareAddress cb = Queries.mac(2);
        int offeredByA = offer(a, ca);
        int offeredByB = offer(b, cb);
        assertEquals(offeredByA, offeredByB, "both allocators start at the same address; nothing is committed yet");

        Outcome ackA = a.relayed(Queries.selecting(ca, RELAY, offeredByA, EngineFixture.SERVER));
        assertEquals(5, type(ackA));
        Outcome nakB = b.relayed(Queries.selecting(cb, RELAY, offeredByB, EngineFixture.SERVER));
        assertEquals(6, type(nakB), "B never overwrites A's live lease");
        assertEquals(ca, shared.get(offeredByA).orElseThrow().hardwareAddress());
        assertEquals(AddressState.USED, allocator(b).state(offeredByA), "B learned the address is used");

        int second = offer(b, cb);
        assertTrue(second != offeredByA, "B offers another address next");
        assertEquals(5, type(b.relayed(Queries.selecting(cb, RELAY, second, EngineFixture.SERVER))));
    }

    @Test
    void exhaustionIsReportedAndNothingIsStolen() {
        EngineFixture a = server(shared);
        EngineFixture b = server(shared);
        List<Long> exhausted = new CopyOnWriteArrayList<>();
        b.engine.onPoolsExhausted(exhausted::add);
        for (int i = 0; i < 4; i++) {
            HardwareAddress hw = Queries.mac(10 + i);
            int address = offer(a, hw);
            assertEquals(5, type(a.relayed(Queries.selecting(hw, RELAY, address, EngineFixture.SERVER))));
        }
        HardwareAddress late = Queries.mac(99);
        Outcome none = b.relayed(Queries.discover(late, RELAY));
        assertFalse(none.hasReply(), "B has nothing to offer");
        assertEquals(DropReason.NO_ADDRESS_AVAILABLE, none.dropReason());
        assertEquals(List.of(1L), exhausted, "B reported subnet 1 exhausted");
        for (int i = 0; i < 4; i++) {
            assertEquals(AddressState.USED, allocator(b).state(FIRST + i), "B learned every lease from the store");
        }
        Outcome steal = b.relayed(Queries.selecting(late, RELAY, FIRST, EngineFixture.SERVER));
        assertEquals(6, type(steal), "asking for a leased address gets a NAK");
        assertFalse(b.relayed(Queries.initReboot(late, RELAY, FIRST)).hasReply(), "INIT-REBOOT: ignored");
        assertEquals(Queries.mac(10), shared.get(FIRST).orElseThrow().hardwareAddress());
        assertEquals(4, shared.size());
    }

    /** A store on which another server (client {@code other}) wins the address of the next add() unless raced. */
    private LeaseStore racing(AtomicBoolean raced, HardwareAddress other) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("add") && raced.compareAndSet(false, true)) {
                Lease4 mine = (Lease4) args[0];
                shared.add(Lease4.builder(mine.address()).hardwareAddress(other).validLifetime(4000)
                        .cltt(time.currentTimeSeconds()).subnetId(1).build());
            }
            return m.invoke(shared, args);
        };
        return (LeaseStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LeaseStore.class}, h);
    }

    @Test
    void aRequestLosingItsAddressBetweenCheckAndCommitIsNaked() {
        AtomicBoolean raced = new AtomicBoolean(true);
        HardwareAddress other = Queries.mac(77);
        EngineFixture b = server(racing(raced, other));
        HardwareAddress hw = Queries.mac(5);
        int offered = offer(b, hw);
        raced.set(false); // the other server inserts between the REQUEST's check and its insert
        Outcome nak = b.relayed(Queries.selecting(hw, RELAY, offered, EngineFixture.SERVER));
        assertEquals(6, type(nak));
        assertEquals(other, shared.get(offered).orElseThrow().hardwareAddress(), "the winner's lease is untouched");
        assertEquals(AddressState.USED, allocator(b).state(offered));
        int next = offer(b, hw);
        assertTrue(next != offered);
        assertEquals(5, type(b.relayed(Queries.selecting(hw, RELAY, next, EngineFixture.SERVER))));
    }

    @Test
    void aNewClientsDoraCostsFourStoreCalls() {
        // On a SQL store each call is a statement: the offer's read of its address is not repeated by the REQUEST.
        List<String> calls = new CopyOnWriteArrayList<>();
        InvocationHandler h = (proxy, m, args) -> {
            calls.add(m.getName());
            return m.invoke(shared, args);
        };
        EngineFixture f = server((LeaseStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LeaseStore.class}, h));
        calls.clear();
        HardwareAddress hw = Queries.mac(3);
        int offered = offer(f, hw);
        assertEquals(List.of("getByClient", "get"), calls, "DISCOVER: the client's leases, the candidate");
        calls.clear();
        assertEquals(5, type(f.relayed(Queries.selecting(hw, RELAY, offered, EngineFixture.SERVER))));
        assertEquals(List.of("getByClient", "add"), calls, "REQUEST: the client's leases before the insert, the insert");
        assertEquals(hw, shared.get(offered).orElseThrow().hardwareAddress());
    }

    @Test
    void aPoolClosedToTheClientIsNotReportedExhausted() {
        EngineFixture f = new EngineFixture("""
                { "valid-lifetime": 4000,
                  "client-classes": [ { "name": "never", "test": "option[60].text == 'nobody'" } ],
                  "subnet4": [ { "id": 1, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "10.0.0.1" ] },
                                 "pools": [ { "pool": "10.0.1.10 - 10.0.1.13", "client-class": "never" } ] } ] }
                """, QueryHook.NONE, shared, time);
        List<Long> exhausted = new CopyOnWriteArrayList<>();
        f.engine.onPoolsExhausted(exhausted::add);
        assertFalse(f.relayed(Queries.discover(Queries.mac(1), RELAY)).hasReply());
        assertEquals(List.of(), exhausted, "nothing to re-read: the pool is free, only closed to this client");
    }

    @Test
    void anAddressTheServerChoseMovesOnWhenAnotherServerWinsIt() {
        // Another server commits the first candidate between this server's check and its insert.
        AtomicBoolean raced = new AtomicBoolean();
        HardwareAddress other = Queries.mac(77);
        EngineFixture b = server(racing(raced, other));
        HardwareAddress hw = Queries.mac(5);
        DhcpMessage bootp = DhcpMessage.builder().xid(9).hardwareAddress(hw).giaddr(Ipv4.parse(RELAY)).hops(1)
                .build();
        Outcome o = b.relayed(bootp);
        assertTrue(o.hasReply(), "BOOTP answered");
        assertEquals(FIRST + 1, o.reply().yiaddr(), "the next candidate after the lost one");
        assertEquals(other, shared.get(FIRST).orElseThrow().hardwareAddress(), "the winner's lease is untouched");
        assertEquals(hw, shared.get(FIRST + 1).orElseThrow().hardwareAddress());
        assertEquals(AddressState.USED, allocator(b).state(FIRST));

        // The same for a REQUEST that names no address (no option 50, no ciaddr).
        raced.set(false);
        HardwareAddress hw2 = Queries.mac(6);
        DhcpMessage bare = Queries.relayed(Queries.base(DhcpMessageType.REQUEST, hw2, 10), RELAY)
                .clientId(ClientId.of(new byte[] {1, 2, 3})).build();
        Outcome ack = b.relayed(bare);
        assertEquals(5, type(ack));
        assertEquals(FIRST + 3, ack.reply().yiaddr());
        assertEquals(hw2, shared.get(FIRST + 3).orElseThrow().hardwareAddress());
    }
}
