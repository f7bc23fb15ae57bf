package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    private static KeaConfig config(Path leaseFile, boolean persist) throws Exception {
        return KeaConfigLoader.parse("""
                { "Dhcp4": { "lease-database": { "type": "memfile", "persist": %s, "name": "%s" },
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                 "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(persist, leaseFile), "test");
    }

    @Test
    void aStoreOpenedForAConfigurationIsSizedForItsPoolsUpToTheLimit() throws Exception {
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (LeaseStore store = LeaseStoreFactory.openConfigured(config(dir.resolve("a.csv"), true), time, time)) {
            assertEquals(191, assertInstanceOf(MemfileLeaseStore.class, store).config().expectedLeases(),
                    "the pool 192.0.2.10 - 192.0.2.200");
        }
        KeaConfig big = KeaConfigLoader.parse("""
                { "Dhcp4": { "lease-database": { "type": "memfile", "persist": false },
                  "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8",
                                 "pools": [ { "pool": "10.0.0.1 - 10.255.255.254" } ] } ] } }
                """, "test");
        try (LeaseStore store = LeaseStoreFactory.openConfigured(big, time, time)) {
            assertEquals(1 << 20, assertInstanceOf(MemfileLeaseStore.class, store).config().expectedLeases(),
                    "capped");
            assertTrue(store.add(lease("10.0.0.10", "02:00:00:00:00:10", 1)));
        }
    }

    @Test
    void theWarmUpsScratchStoreIsAQuietMemfileStoreInItsOwnDirectory() throws Exception {
        Path real = dir.resolve("real.csv");
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (LeaseStore store = LeaseStoreFactory.scratchFor(config(real, true), scratch, time, time)) {
            MemfileLeaseStore memfile = assertInstanceOf(MemfileLeaseStore.class, store);
            assertEquals(scratch.resolve("leases4.csv"), memfile.config().name());
            assertTrue(memfile.config().persist(), "the same write path as the real store");
            assertTrue(memfile.config().quiet());
            assertEquals(0, memfile.config().lfcIntervalSeconds(), "no cleanup timer");
            assertTrue(store.add(lease("192.0.2.10", "02:00:00:00:00:10", 1)));
        }
        assertTrue(Files.readString(scratch.resolve("leases4.csv")).contains("192.0.2.10,02:00:00:00:00:10"));
        assertFalse(Files.exists(real), "the configured file is never touched");
        try (LeaseStore store = LeaseStoreFactory.scratchFor(config(real, false), scratch, time, time)) {
            assertFalse(assertInstanceOf(MemfileLeaseStore.class, store).config().persist());
        }
    }

    @Test
    void aWarmedUpServerLeavesNoRowInItsLeaseFile() throws Exception {
        Path real = dir.resolve("leases4.csv");
        try (DhcpServer server = DhcpServer.builder().config(config(real, true)).warmUp(Duration.ofMinutes(10))
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .controlSockets(false).build().start()) {
            assertEquals(0, server.leaseStore().size());
        }
        List<String> lines = Files.readAllLines(real);
        assertEquals(1, lines.size(), "the header only: " + lines);
        assertTrue(lines.get(0).startsWith("address,hwaddr,"), lines.get(0));
    }
}
