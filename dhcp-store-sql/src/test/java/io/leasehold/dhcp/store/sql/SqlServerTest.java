package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.DhcpTestServer;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.server.ServerListener;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A whole Leasehold server with {@code lease-database} type postgresql or mysql serves DORA, renew and release. */
class SqlServerTest {

    /** The test server's default configuration with the given lease database. */
    static String config(TestDatabase db, String extraMembers) {
        return DhcpTestServer.DEFAULT_CONFIG.replace("{ \"type\": \"memfile\", \"persist\": false }",
                db.leaseDatabaseJson(extraMembers));
    }

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        void doraRenewRelease() throws Exception {
            serve(pg.database());
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        void doraRenewRelease() throws Exception {
            serve(maria.database());
        }
    }

    static void serve(TestDatabase db) throws Exception {
        String config = config(db, "");
        assertTrue(config.contains("\"type\": \"" + db.type() + "\""), config);
        CountDownLatch released = new CountDownLatch(1);
        ServerListener listener = new ServerListener() {
            @Override
            public void leaseReleased(Lease4 lease) {
                released.countDown();
            }
        };
        try (DhcpTestServer server = DhcpTestServer.start(config, listener); DhcpTestClient client = server.newClient();
             SqlLeaseStore observer = SqlTestSupport.open(db, io.leasehold.dhcp.time.Scheduler.system("obs"))) {
            assertTrue(server.server().leaseStore() instanceof SqlLeaseStore, "the configured store is SQL");
            HardwareAddress hw = HardwareAddress.parse("02:00:00:00:00:01");
            DhcpTestClient.Lease lease = client.dora(hw);
            assertNotNull(lease, "DORA answered");
            Lease4 stored = observer.get(lease.address()).orElseThrow();
            assertEquals(hw, stored.hardwareAddress());
            assertEquals(LeaseState.DEFAULT, stored.state());
            assertEquals(3600, stored.validLifetime());
            assertEquals(List.of(stored), observer.getByHardwareAddress(hw), "another pool sees the commit");

            DhcpTestClient.Lease renewed = client.renew(lease);
            assertNotNull(renewed, "renewal ACKed");
            assertEquals(lease.address(), renewed.address());
            assertTrue(observer.get(lease.address()).orElseThrow().cltt() >= stored.cltt());

            client.release(renewed);
            assertTrue(released.await(10, TimeUnit.SECONDS), "the release was processed");
            assertEquals(Optional.empty(), observer.get(lease.address()), "released lease deleted from the database");
            assertEquals(1, server.statistic("pkt4-release-received"));
        }
    }
}
