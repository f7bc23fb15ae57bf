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
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lease change a lease command makes, its store step and its {@code leaseChanged} call, runs inside one
 * {@link LeaseCommandContext#changing} call, so that a reconfiguration's recount of the statistics cannot fall
 * between them (the server's context holds the engine's gate there).
 */
class LeaseCommandsChangingTest {
    private static final Set<String> WRITES = Set.of("add", "update", "replace", "delete", "putAllIfNewer");

    private int depth;
    private int changes;
    private final List<String> outside = new ArrayList<>();

    private LeaseStore watched(InMemoryLeaseStore real) {
        return (LeaseStore) Proxy.newProxyInstance(LeaseStore.class.getClassLoader(), new Class<?>[] {LeaseStore.class},
                (proxy, method, args) -> {
                    if (WRITES.contains(method.getName()) && depth == 0) {
                        outside.add("store." + method.getName());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private LeaseCommands commands(LeaseStore store) {
        return new LeaseCommands(new FixedLeaseContext(store) {
            @Override
            public void leaseChanged(Lease4 before, Lease4 after) {
                if (depth == 0) {
                    outside.add("leaseChanged");
                }
            }

            @Override
            public <T> T changing(Supplier<T> change) {
                changes++;
                depth++;
                try {
                    return change.get();
                } finally {
                    depth--;
                }
            }
        });
    }

    private static Lease4 lease(int n, long cltt) {
        return Lease4.builder(Ipv4.parse("192.0.2.10") + n).subnetId(1).validLifetime(3600).cltt(cltt)
                .hardwareAddress(HardwareAddress.parse(String.format("02:00:00:00:00:%02x", n))).build();
    }

    @Test
    void everyStoreWriteAndItsStatisticsRunInsideOneChange() {
        InMemoryLeaseStore real = new InMemoryLeaseStore();
        LeaseCommands c = commands(watched(real));
        CommandRegistry registry = new CommandRegistry();
        c.registerAll(registry);

        assertTrue(c.addLease(lease(0, 100)));
        assertEquals("updated", c.updateLease(lease(0, 200), false).orElseThrow());
        assertEquals("added", c.updateLease(lease(1, 200), true).orElseThrow());
        assertEquals("updated", c.updateLeaseIfNewer(lease(1, 300)).orElseThrow());
        assertEquals(2, c.updateLeasesIfNewer(List.of(lease(2, 100), lease(3, 100)), null));
        assertTrue(c.deleteLease(Ipv4.parse("192.0.2.13")).isPresent());
        assertEquals(0L, registry.execute(new Command("lease4-del", java.util.Map.of("ip-address", "192.0.2.12"), null, "test"))
                .result());
        assertEquals(2, c.wipe(1));
        assertEquals(0, real.size());
        assertEquals(List.of(), outside, "writes and statistics outside a change");
        assertEquals(9, changes, "one change per lease written (the batch as one)");
    }
}
