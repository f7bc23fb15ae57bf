package io.leasehold.dhcp.lease;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ServiceLoader;

/**
 * Opens the lease store a configuration's {@code lease-database} names. Implementations are found with
 * {@link ServiceLoader} ({@code META-INF/services/io.leasehold.dhcp.lease.LeaseStoreFactory}); the
 * {@code dhcp-store-memfile} artifact provides {@code memfile}, {@code dhcp-store-sql} provides {@code postgresql}
 * and {@code mysql}. Without them, {@code persist: false} still works (the in-memory store) and a persisted
 * memfile or a SQL database fails with a message saying which artifact to add.
 */
public interface LeaseStoreFactory {
    /** Kea's {@code lease-database.type} handled, e.g. {@code memfile}. */
    String type();

    /** Opens the store (loading existing leases). */
    LeaseStore open(LeaseDatabase settings, Clock clock, Scheduler scheduler);

    /**
     * Opens the store knowing the whole configuration (a SQL store sizes its connection pool by
     * {@code multi-threading}); by default the same as {@link #open(LeaseDatabase, Clock, Scheduler)}.
     */
    default LeaseStore open(KeaConfig config, Clock clock, Scheduler scheduler) {
        return open(config.leaseDatabase(), clock, scheduler);
    }

    /**
     * A throw-away, empty store of this kind for the server's warm-up (see {@code DhcpServer.Builder#warmUp}): the
     * same classes and write path as {@link #open} would use for {@code config}, but never the configured database
     * or file. It may write only below {@code directory} (an empty directory the caller deletes afterwards), logs
     * nothing, starts no timers; the caller closes it. Returns {@code null} when this kind cannot make one without
     * touching the real database (the SQL stores), and the warm-up then uses an {@link InMemoryLeaseStore}.
     */
    default LeaseStore openScratch(KeaConfig config, Path directory, Clock clock, Scheduler scheduler) {
        return null;
    }

    /**
     * The scratch store ({@link #openScratch}) of the configuration's {@code lease-database} kind from the factories
     * on the class path, or an {@link InMemoryLeaseStore} when none makes one.
     */
    static LeaseStore scratchFor(KeaConfig config, Path directory, Clock clock, Scheduler scheduler) {
        for (LeaseStoreFactory f : ServiceLoader.load(LeaseStoreFactory.class)) {
            if (f.type().equals(config.leaseDatabase().type())) {
                LeaseStore s = f.openScratch(config, directory, clock, scheduler);
                if (s != null) {
                    return s;
                }
            }
        }
        return new InMemoryLeaseStore();
    }

    /**
     * Deletes a scratch store's directory and everything in it, after the store is closed; never throws (what is
     * left of a temporary directory is the system's cleanup's).
     */
    static void deleteScratch(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a temporary directory: the system's cleanup removes what is left
        }
    }

    /** The store for the settings, from the factories on the class path. */
    static LeaseStore openConfigured(LeaseDatabase settings, Clock clock, Scheduler scheduler) {
        for (LeaseStoreFactory f : ServiceLoader.load(LeaseStoreFactory.class)) {
            if (f.type().equals(settings.type())) {
                return f.open(settings, clock, scheduler);
            }
        }
        return fallback(settings);
    }

    /** The store for a configuration's {@code lease-database}, from the factories on the class path. */
    static LeaseStore openConfigured(KeaConfig config, Clock clock, Scheduler scheduler) {
        LeaseDatabase settings = config.leaseDatabase();
        for (LeaseStoreFactory f : ServiceLoader.load(LeaseStoreFactory.class)) {
            if (f.type().equals(settings.type())) {
                return f.open(config, clock, scheduler);
            }
        }
        return fallback(settings);
    }

    private static LeaseStore fallback(LeaseDatabase settings) {
        if (settings.isSql()) {
            throw new IllegalStateException("lease-database type '" + settings.type() + "' needs the SQL lease"
                    + " store on the class path (add io.leasehold:dhcp-store-sql)");
        }
        if (!settings.persist()) {
            return new InMemoryLeaseStore();
        }
        throw new IllegalStateException("lease-database type '" + settings.type() + "' with persist true needs a"
                + " lease store implementation on the class path (add io.leasehold:dhcp-store-memfile)");
    }
}
