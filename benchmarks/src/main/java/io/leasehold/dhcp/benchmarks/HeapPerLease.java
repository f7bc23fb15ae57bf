package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap retained per lease: used heap after a full GC with {@code count} leases in a store, minus used heap after a
 * full GC before the store existed, divided by {@code count}. Leases are {@link BenchLeases}' (MAC, client id, no
 * host name). {@code memfile} persists to a lease file in a temporary directory (deleted afterwards) and measures
 * the store after re-opening the file, i.e. after a load, as a restarted server holds it.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.HeapPerLease inmemory|memfile [count]</pre>
 */
public final class HeapPerLease {
    private HeapPerLease() {
    }

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "inmemory";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path dir = kind.equals("memfile") ? Files.createTempDirectory("leasehold-heap") : null;
        try {
            MemfileConfig mc = dir == null ? null : MemfileConfig.builder().name(dir.resolve("leases4.csv"))
                    .lfcIntervalSeconds(0).fsyncPolicy(FsyncPolicy.NONE).build();
            if (mc != null) {
                try (LeaseStore writer = MemfileLeaseStore.open(mc)) {
                    BenchLeases.fill(writer, count);
                }
            }
            long before = usedAfterGc();
            LeaseStore store;
            switch (kind) {
                case "inmemory" -> {
                    store = new InMemoryLeaseStore();
                    BenchLeases.fill(store, count);
                }
                case "memfile" -> store = MemfileLeaseStore.open(mc);
                default -> throw new IllegalArgumentException("store must be inmemory or memfile, got " + kind);
            }
            long after = usedAfterGc();
            if (store.size() != count) {
                throw new IllegalStateException("store holds " + store.size() + " leases, expected " + count);
            }
            System.out.printf("%s: %d leases, %.1f MiB retained, %.1f bytes per lease%n", kind, count,
                    (after - before) / 1048576.0, (after - before) / (double) count);
            store.close();
        } finally {
            if (dir != null) {
                BenchLeases.deleteTree(dir);
            }
        }
    }

    /** Used heap after full collections, once it stops shrinking. */
    static long usedAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = mem.getHeapMemoryUsage().getUsed();
            if (used >= last) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
