package io.leasehold.dhcp.testing.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A throwaway MariaDB server: {@code mariadb-install-db} into a temporary directory owned by the {@code mysql}
 * user, {@code mariadbd} run as that user on a free loopback port with its socket in the directory, durability
 * switched off for speed. The root account (no password) is used through the socket only; {@link #USER} is a normal
 * account with a password, as Kea uses.
 */
public final class MariaDbServer extends DatabaseServer {
    private static final String INSTALL_DB = "/usr/bin/mariadb-install-db";
    private static final String SERVER = "/usr/sbin/mariadbd";
    private static final String CLIENT = "/usr/bin/mariadb";

    private MariaDbServer() throws IOException {
        super("leasehold-mariadb-", "mysql");
    }

    /** Starts a server; the caller closes it. */
    public static MariaDbServer launch() throws IOException {
        String reason = unavailable();
        if (reason != null) {
            throw new IOException(reason);
        }
        MariaDbServer s = new MariaDbServer();
        try {
            s.initialize();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Why no server can be started here, or null. */
    public static String unavailable() {
        return unavailableReason(INSTALL_DB, SERVER, CLIENT, "/usr/sbin/kea-admin", "/usr/bin/setpriv");
    }

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    void initDataDirectory() throws IOException {
        Processes.run(List.of(INSTALL_DB, "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=mysql"), Map.of(), 180);
    }

    @Override
    List<String> serverCommand() {
        return List.of(SERVER, "--no-defaults", "--datadir=" + dir.resolve("data"), "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + socket(), "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0", "--innodb-flush-method=nosync",
                "--innodb-doublewrite=0", "--innodb-buffer-pool-size=64M", "--max-connections=300");
    }

    private String socket() {
        return dir.resolve("mariadbd.sock").toString();
    }

    @Override
    void awaitReady() throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IOException("mariadbd exited during start-up");
            }
            if (Files.exists(dir.resolve("mariadbd.sock"))) {
                try {
                    sql("SELECT 1");
                    return;
                } catch (IOException e) {
                    last = e;
                }
            }
            PostgresServer.pause();
        }
        throw new IOException("mariadbd did not accept connections within 60 s", last);
    }

    /** Runs SQL as root through the socket. */
    public String sql(String sql) throws IOException {
        return Processes.run(List.of(CLIENT, "--no-defaults", "-S", socket(), "-u", "root", "-N", "-B", "-e", sql),
                Map.of(), 30);
    }

    @Override
    void createUser() throws IOException {
        sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'; CREATE USER '" + USER
                + "'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
    }

    @Override
    void createDatabase(String name) throws IOException {
        sql("CREATE DATABASE " + name + "; GRANT ALL ON " + name + ".* TO '" + USER + "'@'%'; GRANT ALL ON " + name
                + ".* TO '" + USER + "'@'localhost'");
    }

    @Override
    String adminBackend() {
        return "mysql";
    }

    @Override
    List<String> adminExtra() {
        // Kea 2.2's kea-admin drops the port when it runs the creation script; pass it to every mysql call.
        return List.of("-x", "--port=" + port);
    }

    @Override
    String stopSignal() {
        return "TERM";
    }
}
