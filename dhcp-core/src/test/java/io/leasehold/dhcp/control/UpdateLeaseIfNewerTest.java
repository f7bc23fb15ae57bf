package io.leasehold.dhcp.control;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link LeaseCommands#updateLeaseIfNewer}: an older copy never replaces a newer lease, even one written meanwhile. */
class UpdateLeaseIfNewerTest {
    private static final int ADDRESS = Ipv4.parse("192.0.2.10");

    private static Lease4 lease(long cltt, String mac) {
        return Lease4.builder(ADDRESS).subnetId(1).validLifetime(3600).cltt(cltt)
                .hardwareAddress(HardwareAddress.parse(mac)).build();
    }

    private static LeaseCommands commands(LeaseStore store, List<String> changes) {
        return new LeaseCommands(new FixedLeaseContext(store) {
            @Override
            public void leaseChanged(Lease4 before, Lease4 after) {
                changes.add((before == null ? "-" : before.cltt()) + ">" + (after == null ? "-" : after.cltt()));
            }
        });
    }

    @Test
    void addsWhenAbsentReplacesOlderKeepsNewerOrEqual() {
        InMemoryLeaseStore store = new InMemoryLeaseStore();
        List<String> changes = new ArrayList<>();
        LeaseCommands c = commands(store, changes);
        assertEquals(Optional.of("added"), c.updateLeaseIfNewer(lease(100, "02:00:00:00:00:01")));
        assertEquals(Optional.of("updated"), c.updateLeaseIfNewer(lease(200, "02:00:00:00:00:02")));
        assertEquals(Optional.empty(), c.updateLeaseIfNewer(lease(200, "02:00:00:00:00:03")), "equal cltt: kept");
        assertEquals(Optional.empty(), c.updateLeaseIfNewer(lease(150, "02:00:00:00:00:04")), "older: kept");
        assertEquals(200, store.get(ADDRESS).orElseThrow().cltt());
        assertEquals(HardwareAddress.parse("02:00:00:00:00:02"), store.get(ADDRESS).orElseThrow().hardwareAddress());
        assertEquals(List.of("->100", "100>200"), changes);
    }

    @Test
    void aNewerLeaseWrittenBetweenTheReadAndTheWriteIsKept() {
        InMemoryLeaseStore real = new InMemoryLeaseStore();
        real.add(lease(100, "02:00:00:00:00:01"));
        Lease4 newer = lease(300, "02:00:00:00:00:03");
        boolean[] raced = {false};
        // The first read returns what the store held; before the caller writes, "another thread" (the partner's
        // lease update) stores a newer lease, as it can while pages are applied.
        LeaseStore racing = (LeaseStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LeaseStore.class}, (proxy, m, args) -> {
                    try {
                        Object r = m.invoke(real, args);
                        if (m.getName().equals("get") && !raced[0]) {
                            raced[0] = true;
                            real.replace(real.get(ADDRESS).orElseThrow(), newer);
                        }
                        return r;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<String> changes = new ArrayList<>();
        assertEquals(Optional.empty(), commands(racing, changes).updateLeaseIfNewer(lease(200, "02:00:00:00:00:02")));
        assertEquals(newer, real.get(ADDRESS).orElseThrow(), "the page's older copy did not overwrite the update");
        assertEquals(List.of(), changes);
    }
}
