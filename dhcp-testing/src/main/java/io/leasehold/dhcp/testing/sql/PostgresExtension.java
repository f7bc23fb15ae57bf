package io.leasehold.dhcp.testing.sql;

import java.io.IOException;

/**
 * A fresh PostgreSQL database with Kea 2.2's schema for a test class.
 *
 * <pre>{@code
 * class MyStoreTest {
 *     @RegisterExtension
 *     static PostgresExtension pg = new PostgresExtension();
 *
 *     @Test
 *     void works(TestDatabase db) {
 *         String leaseDatabase = db.leaseDatabaseJson(); // Kea's lease-database map
 *     }
 * }
 * }</pre>
 */
public final class PostgresExtension extends DatabaseExtension {
    @Override
    String unavailable() {
        return PostgresServer.unavailable();
    }

    @Override
    DatabaseServer startServer() throws IOException {
        return PostgresServer.launch();
    }

    @Override
    String kind() {
        return "PostgreSQL";
    }
}
