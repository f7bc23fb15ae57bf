package io.leasehold.dhcp.testing.sql;

import java.io.IOException;

/** A fresh MariaDB database with Kea 2.2's schema ({@code lease-database} type {@code mysql}) for a test class. */
public final class MariaDbExtension extends DatabaseExtension {
    @Override
    String unavailable() {
        return MariaDbServer.unavailable();
    }

    @Override
    DatabaseServer startServer() throws IOException {
        return MariaDbServer.launch();
    }

    @Override
    String kind() {
        return "MariaDB";
    }
}
