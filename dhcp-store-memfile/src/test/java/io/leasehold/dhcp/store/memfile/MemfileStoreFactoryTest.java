package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static io.leasehold.dhcp.store.memfile.TestLeases.lease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lease-database: {type: memfile}} opens this store through the {@link LeaseStoreFactory} service. */
class MemfileStoreFactoryTest {
    @TempDir
    Path dir;

    @Test
    void persistedConfigurationWritesTheNamedFileAndReloadsIt() throws IOException {
        Path f = dir.resolve("leases4.csv");
        LeaseDatabase db = new LeaseDatabase("memfile", true, f.toString(), 0, 5);
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (LeaseStore store = LeaseStoreFactory.openConfigured(db, time, time)) {
            MemfileLeaseStore memfile = assertInstanceOf(MemfileLeaseStore.class, store);
            assertEquals(f, memfile.config().name());
            assertEquals(0, memfile.config().lfcIntervalSeconds());
            assertEquals(5, memfile.config().maxRowErrors());
            assertTrue(store.add(lease("192.0.2.10", "02:00:00:00:00:10", 1)));
        }
        assertTrue(Files.readString(f).contains("192.0.2.10,02:00:00:00:00:10"));
        try (LeaseStore store = LeaseStoreFactory.openConfigured(db, time, time)) {
            assertTrue(store.get(ip("192.0.2.10")).isPresent());
        }
    }

    @Test
    void persistFalseKeepsLeasesInMemoryOnly() {
        LeaseDatabase db = new LeaseDatabase("memfile", false, dir.resolve("never.csv").toString(), 3600, 0);
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (LeaseStore store = LeaseStoreFactory.openConfigured(db, time, time)) {
            assertFalse(assertInstanceOf(MemfileLeaseStore.class, store).config().persist());
            assertTrue(store.add(lease("192.0.2.11", "02:00:00:00:00:11", 1)));
            assertEquals(1, store.size());
        }
        assertFalse(Files.exists(dir.resolve("never.csv")));
    }
}
