package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time to open (load) a memfile lease file of {@code count} leases, as a server start does: the file is written
 * once through the store ({@link BenchLeases}' leases, 12-column Kea 2.x CSV), then opened {@code runs} times in
 * this JVM. The first open is the cold one a freshly started server sees; the others show the warmed-up cost.
 * The temporary directory is deleted afterwards.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.MemfileLoadTime [count] [runs]</pre>
 */
public final class MemfileLoadTime {
    private MemfileLoadTime() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("leasehold-load");
        try {
            MemfileConfig mc = MemfileConfig.builder().name(dir.resolve("leases4.csv")).lfcIntervalSeconds(0)
                    .fsyncPolicy(FsyncPolicy.NONE).build();
            try (MemfileLeaseStore writer = MemfileLeaseStore.open(mc)) {
                BenchLeases.fill(writer, count);
            }
            long bytes = Files.size(mc.name());
            double[] ms = new double[runs];
            for (int r = 0; r < runs; r++) {
                System.gc();
                long t0 = System.nanoTime();
                try (MemfileLeaseStore store = MemfileLeaseStore.open(mc)) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                    if (store.size() != count) {
                        throw new IllegalStateException("loaded " + store.size() + " leases, expected " + count);
                    }
                }
                System.out.printf("open %d: %.0f ms%n", r + 1, ms[r]);
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf("memfile load: %d leases, %.1f MiB file, first (cold) %.0f ms, median %.0f ms,"
                    + " min %.0f ms, max %.0f ms%n", count, bytes / 1048576.0, ms[0], sorted[runs / 2], sorted[0],
                    sorted[runs - 1]);
        } finally {
            BenchLeases.deleteTree(dir);
        }
    }
}
