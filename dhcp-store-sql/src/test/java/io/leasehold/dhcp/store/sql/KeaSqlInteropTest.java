package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kea 2.2 {@code kea-dhcp4} and a Leasehold store on one database: what either writes, the other reads
 * (Kea through the lease_cmds hook over its unix control socket).
 */
class KeaSqlInteropTest {
    private static final long EXPIRE = 1_900_000_000L;

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        void keaAndLeaseholdReadEachOthersLeases(@TempDir Path dir) throws Exception {
            roundTrip(pg.database(), dir);
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        void keaAndLeaseholdReadEachOthersLeases(@TempDir Path dir) throws Exception {
            roundTrip(maria.database(), dir);
        }
    }

    static void roundTrip(TestDatabase db, Path dir) throws Exception {
        KeaDhcp4.assumeInstalled();
        Scheduler scheduler = Scheduler.system("interop-timers");
        try (SqlLeaseStore store = SqlTestSupport.open(db, scheduler); KeaDhcp4 kea = new KeaDhcp4(dir,
                db.leaseDatabaseJson())) {
            // Leasehold writes, Kea reads.
            Lease4 ours = Lease4.builder(Ipv4.parse("192.0.2.50"))
                    .hardwareAddress(HardwareAddress.parse("00:0c:01:02:03:04"))
                    .clientId(ClientId.parse("01:00:0c:01:02:03:04")).validLifetime(3600).cltt(EXPIRE - 3600)
                    .subnetId(1).fqdnForward(true).hostname("leasehold.example.org")
                    .userContext("{\"origin\": \"leasehold\"}").build();
            assertTrue(store.add(ours));
            Map<String, Object> k = kea.ok("{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\":"
                    + " \"192.0.2.50\"}}");
            assertEquals("00:0c:01:02:03:04", k.get("hw-address"));
            assertEquals("01:00:0c:01:02:03:04", k.get("client-id"));
            assertEquals(3600L, ((Number) k.get("valid-lft")).longValue());
            assertEquals(EXPIRE - 3600, ((Number) k.get("cltt")).longValue());
            assertEquals(1L, ((Number) k.get("subnet-id")).longValue());
            assertEquals(true, k.get("fqdn-fwd"));
            assertEquals(false, k.get("fqdn-rev"));
            assertEquals("leasehold.example.org", k.get("hostname"));
            assertEquals(0L, ((Number) k.get("state")).longValue());
            assertEquals(Json.parse("{\"origin\": \"leasehold\"}"), k.get("user-context"));

            // Kea writes, Leasehold reads.
            kea.ok("{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": \"192.0.2.60\", \"hw-address\":"
                    + " \"1a:2b:3c:4d:5e:6f\", \"client-id\": \"ff:01:02\", \"valid-lft\": 7200, \"expire\": "
                    + EXPIRE + ", \"hostname\": \"kea.example.org\", \"fqdn-rev\": true,"
                    + " \"user-context\": {\"origin\": \"kea\"}}}");
            Lease4 theirs = store.get(Ipv4.parse("192.0.2.60")).orElseThrow();
            assertEquals(Lease4.builder(Ipv4.parse("192.0.2.60"))
                    .hardwareAddress(HardwareAddress.parse("1a:2b:3c:4d:5e:6f")).clientId(ClientId.parse("ff:01:02"))
                    .validLifetime(7200).cltt(EXPIRE - 7200).subnetId(1).fqdnReverse(true)
                    .hostname("kea.example.org").userContext(theirs.userContext()).build(), theirs);
            assertEquals(Json.parse("{\"origin\": \"kea\"}"), Json.parse(theirs.userContext()));
            assertEquals(java.util.List.of(theirs), store.getByHardwareAddress(theirs.hardwareAddress()));
            assertEquals(java.util.List.of(theirs), store.getByHostname("kea.example.org"));

            // Kea changes Leasehold's lease; Leasehold's compare-and-set sees the new row and changes Kea's.
            kea.ok("{\"command\": \"lease4-update\", \"arguments\": {\"ip-address\": \"192.0.2.50\", \"hw-address\":"
                    + " \"00:0c:01:02:03:04\", \"subnet-id\": 1, \"valid-lft\": 3600, \"expire\": " + (EXPIRE + 60)
                    + ", \"hostname\": \"renamed-by-kea.example.org\"}}");
            assertTrue(!store.replace(ours, ours.toBuilder().cltt(EXPIRE).build()), "stale expected lease");
            Lease4 renamed = store.get(ours.address()).orElseThrow();
            assertEquals("renamed-by-kea.example.org", renamed.hostname());
            assertEquals(EXPIRE + 60 - 3600, renamed.cltt());
            Lease4 declined = Lease4.builder(theirs.address()).validLifetime(86400).cltt(EXPIRE - 86400)
                    .subnetId(1).state(LeaseState.DECLINED).build();
            assertTrue(store.replace(theirs, declined));
            Map<String, Object> k2 = kea.ok("{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\":"
                    + " \"192.0.2.60\"}}");
            assertEquals(1L, ((Number) k2.get("state")).longValue());
            assertEquals(EXPIRE, ((Number) k2.get("cltt")).longValue() + 86400);

            // Kea deletes, Leasehold no longer finds it.
            kea.ok("{\"command\": \"lease4-del\", \"arguments\": {\"ip-address\": \"192.0.2.50\"}}");
            assertEquals(Optional.empty(), store.get(ours.address()));
            assertEquals(1, store.size());
        } finally {
            ((AutoCloseable) scheduler).close();
        }
    }
}
