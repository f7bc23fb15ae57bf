package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.sql.SqlLeaseStore;
import io.leasehold.dhcp.store.sql.SqlLeaseStores;
import io.leasehold.dhcp.store.sql.SqlStoreOptions;
import io.leasehold.dhcp.testing.sql.DatabaseServer;
import io.leasehold.dhcp.testing.sql.MariaDbServer;
import io.leasehold.dhcp.testing.sql.PostgresServer;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * How long an HA synchronisation takes to store its partner's leases in a SQL lease database: {@code
 * putAllIfNewer} of N leases in pages (as {@code lease4-get-page} delivers them) into an empty database made by
 * {@code kea-admin db-init} on a throwaway PostgreSQL and MariaDB server, then the same pages again (a repeated sync:
 * nothing newer, nothing written). Each once with the SPI's default (a read and a write per lease, what a store
 * without its own batch does) and once with the SQL store's batched version, each into its own new database.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.SqlSyncStoreTime [leases] [page] [postgresql|mysql|both]</pre>
 * Needs the Debian packages the SQL tests need (postgresql, mariadb-server, kea-admin); runs as root or not.
 */
public final class SqlSyncStoreTime {
    private SqlSyncStoreTime() {
    }

    public static void main(String[] args) throws Exception {
        int leases = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int page = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        String which = args.length > 2 ? args[2] : "both";
        List<Lease4> all = new ArrayList<>(leases);
        int base = Ipv4.parse("10.64.0.0");
        for (int i = 0; i < leases; i++) {
            all.add(Lease4.builder(base + i).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0,
                            (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}))
                    .validLifetime(4000).cltt(1_800_000_000L + i % 1000).subnetId(1 + i % 4).hostname("h" + i)
                    .build());
        }
        Scheduler scheduler = Scheduler.system("sql-sync-timers");
        try {
            if (!which.equals("mysql")) {
                run("postgresql", PostgresServer.launch(), all, page, scheduler);
            }
            if (!which.equals("postgresql")) {
                run("mysql", MariaDbServer.launch(), all, page, scheduler);
            }
        } finally {
            ((AutoCloseable) scheduler).close();
        }
    }

    private static void run(String type, DatabaseServer server, List<Lease4> all, int page, Scheduler scheduler)
            throws Exception {
        try (server) {
            for (boolean batched : new boolean[] {false, true}) {
                TestDatabase db = server.newDatabase();
                try (SqlLeaseStore store = SqlLeaseStores.open(KeaConfigLoader.parse("{ \"Dhcp4\": {"
                        + " \"lease-database\": " + db.leaseDatabaseJson() + ", \"subnet4\": [] } }", "bench.json")
                        .leaseDatabase(), new SqlStoreOptions(8), scheduler)) {
                    LeaseStore target = batched ? store : withDefaultPutAll(store);
                    long t0 = System.nanoTime();
                    int stored = pages(target, all, page);
                    long t1 = System.nanoTime();
                    int again = pages(target, all, page);
                    long t2 = System.nanoTime();
                    if (stored != all.size() || again != 0 || store.size() != all.size()) {
                        throw new IllegalStateException("stored " + stored + ", again " + again + ", size "
                                + store.size());
                    }
                    System.out.printf("%s %s: %,d leases in pages of %,d stored in %.2f s (%.0f leases/s);"
                                    + " the same pages again (nothing newer) %.2f s%n", type,
                            batched ? "batched" : "one by one (SPI default)", all.size(), page, (t1 - t0) / 1e9,
                            all.size() / ((t1 - t0) / 1e9), (t2 - t1) / 1e9);
                }
            }
        }
    }

    private static int pages(LeaseStore store, List<Lease4> all, int page) {
        int stored = 0;
        for (int from = 0; from < all.size(); from += page) {
            stored += store.putAllIfNewer(all.subList(from, Math.min(all.size(), from + page)), (b, a) -> { });
        }
        return stored;
    }

    /** The store behind a proxy whose {@code putAllIfNewer} is the interface's default (one lease at a time). */
    private static LeaseStore withDefaultPutAll(LeaseStore store) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("putAllIfNewer")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (LeaseStore) Proxy.newProxyInstance(LeaseStore.class.getClassLoader(), new Class<?>[] {LeaseStore.class},
                h);
    }
}
