package io.leasehold.dhcp.testing.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway database server process in a temporary directory, run as the distribution's service user, on a free
 * loopback port. Created databases get Kea 2.2's schema from {@code kea-admin db-init}. {@link #stop()} and
 * {@link #start()} simulate losing and regaining the database; {@link #close()} stops it and deletes the directory.
 */
public abstract class DatabaseServer implements AutoCloseable {
    /** The user that owns every created database. */
    public static final String USER = "kea";
    /** Its password. */
    public static final String PASSWORD = "kea-test-pw";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    final Path dir;
    final int port;
    private final String serviceUser;
    private Process process;
    private Thread shutdownHook;

    DatabaseServer(String prefix, String serviceUser) throws IOException {
        this.serviceUser = serviceUser;
        removeStale(prefix);
        this.dir = Files.createTempDirectory(prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(serviceUser);
        Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        Files.setOwner(dir, owner);
        this.port = Processes.freePort();
    }

    private static final String OWNER_FILE = "owner.pid";

    /**
     * Deletes the directories of servers whose JVM died without cleaning up (the kernel killed the server itself
     * through its parent-death signal).
     */
    private static void removeStale(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.list(tmp)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(d.resolve(OWNER_FILE)).trim());
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Processes.deleteTree(d);
                    }
                } catch (IOException | NumberFormatException e) {
                    // not ours or still being created
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    /** Kea's {@code lease-database.type}. */
    public abstract String type();

    /** The server's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Initializes the data directory and starts the server, then sets up the {@link #USER}. */
    final void initialize() throws IOException {
        shutdownHook = new Thread(this::stopQuietly, "leasehold-testdb-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        initDataDirectory();
        start();
        createUser();
    }

    abstract void initDataDirectory() throws IOException;

    abstract List<String> serverCommand();

    /** Waits until the server answers; bounded. */
    abstract void awaitReady() throws IOException;

    abstract void createUser() throws IOException;

    abstract void createDatabase(String name) throws IOException;

    /** The kea-admin backend name. */
    abstract String adminBackend();

    /** Extra kea-admin arguments. */
    List<String> adminExtra() {
        return List.of();
    }

    /** The signal for a fast shutdown that closes client connections. */
    abstract String stopSignal();

    /** Starts (or restarts after {@link #stop()}) the server on the same port and data. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = Processes.spawn(serviceUser, serverCommand(), dir.resolve("server.log"));
        try {
            awaitReady();
        } catch (IOException e) {
            throw new IOException(e.getMessage() + "\nserver log:\n" + log(), e);
        }
    }

    /** Stops the server, closing every client connection (the data stays for {@link #start()}). */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, stopSignal(), 30);
        }
    }

    /** Whether the server process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** A new database with Kea's schema, owned by {@link #USER}. */
    public TestDatabase newDatabase() throws IOException {
        String name = "kea_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        createDatabase(name);
        Processes.run(adminCommand(name), Map.of(), 120);
        return new TestDatabase(type(), "127.0.0.1", port, name, USER, PASSWORD, this);
    }

    private List<String> adminCommand(String name) {
        List<String> cmd = new java.util.ArrayList<>(List.of("kea-admin", "db-init", adminBackend(), "-u", USER,
                "-p", PASSWORD, "-n", name, "-h", "127.0.0.1", "-P", Integer.toString(port)));
        cmd.addAll(adminExtra());
        return cmd;
    }

    String log() {
        try {
            String text = Files.readString(dir.resolve("server.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } finally {
            Processes.deleteTree(dir);
        }
    }

    @Override
    public void close() {
        stopQuietly();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Whether this machine can run the server: Linux, root, and the binaries present. */
    static String unavailableReason(String... binaries) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "throwaway database servers need Linux";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "throwaway database servers are started as root (they run as the service user)";
        }
        for (String b : binaries) {
            if (!Files.isExecutable(Path.of(b))) {
                return b + " is not installed";
            }
        }
        return null;
    }
}
