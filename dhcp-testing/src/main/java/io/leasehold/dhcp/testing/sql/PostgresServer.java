package io.leasehold.dhcp.testing.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server (Debian's {@code /usr/lib/postgresql/N/bin}): {@code initdb} into a temporary
 * directory owned by the {@code postgres} user (PostgreSQL refuses to run as root), {@code postgres} on a free
 * loopback port with its unix socket in that directory, durability switched off for speed. Passwords are checked
 * on TCP (scram-sha-256), the superuser connects through the socket.
 */
public final class PostgresServer extends DatabaseServer {
    private final Path bin;

    private PostgresServer(Path bin) throws IOException {
        super("leasehold-pg-", "postgres");
        this.bin = bin;
    }

    /** Starts a server; the caller closes it. */
    public static PostgresServer launch() throws IOException {
        String reason = unavailable();
        if (reason != null) {
            throw new IOException(reason);
        }
        PostgresServer s = new PostgresServer(binDirectory());
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
        Path bin = binDirectory();
        if (bin == null) {
            return "PostgreSQL server binaries (/usr/lib/postgresql/N/bin/postgres) are not installed";
        }
        return unavailableReason(bin.resolve("initdb").toString(), bin.resolve("postgres").toString(),
                bin.resolve("psql").toString(), "/usr/sbin/kea-admin", "/usr/bin/setpriv");
    }

    private static Path binDirectory() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max((a, b) -> Integer.compare(version(a), version(b))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String type() {
        return "postgresql";
    }

    @Override
    void initDataDirectory() throws IOException {
        Processes.run(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--",
                bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"),
                Map.of(), 120);
    }

    @Override
    List<String> serverCommand() {
        return List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200", "-c", "shared_buffers=32MB");
    }

    @Override
    void awaitReady() throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IOException("postgres exited during start-up");
            }
            try {
                psql("SELECT 1");
                return;
            } catch (IOException e) {
                last = e;
            }
            pause();
        }
        throw new IOException("postgres did not accept connections within 60 s", last);
    }

    static void pause() {
        try {
            Thread.sleep(100); // polling a starting server: there is nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs SQL as the superuser through the unix socket. */
    public String psql(String... sql) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-h", dir.toString(), "-p",
                Integer.toString(port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-Atq"));
        for (String s : sql) {
            cmd.add("-c");
            cmd.add(s);
        }
        return Processes.run(cmd, Map.of(), 30);
    }

    @Override
    void createUser() throws IOException {
        psql("CREATE USER " + USER + " PASSWORD '" + PASSWORD + "'");
    }

    @Override
    void createDatabase(String name) throws IOException {
        psql("CREATE DATABASE " + name + " OWNER " + USER);
    }

    @Override
    String adminBackend() {
        return "pgsql";
    }

    @Override
    String stopSignal() {
        return "INT"; // fast shutdown: closes client connections (SIGTERM would wait for them)
    }
}
