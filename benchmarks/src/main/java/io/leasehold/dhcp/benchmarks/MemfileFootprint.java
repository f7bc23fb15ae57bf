package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import io.leasehold.dhcp.time.VirtualTime;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Generates a Kea lease file of N leases (default 1,000,000) and reports how long {@link MemfileLeaseStore} takes to
 * load it and how much heap it retains per lease.
 *
 * <pre>
 * mvn -q -pl benchmarks -am install -DskipTests
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.leasehold.dhcp.benchmarks.MemfileFootprint [leases] [dir]
 * </pre>
 *
 * Lease mix (a typical LAN): every lease has a 6-byte MAC and a 7-byte client id (type 1 + MAC); every second one
 * a host name of 12-13 characters; one in a hundred a small user context; addresses dense over 16 subnets; 5% of
 * the rows are later updates of an earlier lease and 1% deletions, as in a journal.
 */
public final class MemfileFootprint {
    private MemfileFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int leases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("memfile-footprint");
        Path file = dir.resolve("kea-leases4.csv");
        long t = System.nanoTime();
        long rows = generate(file, leases);
        System.out.printf("generated %s: %,d rows, %,d bytes in %d ms%n", file, rows, Files.size(file),
                (System.nanoTime() - t) / 1_000_000);

        MemfileConfig config = MemfileConfig.builder().name(file).lfcIntervalSeconds(0).build();
        long before = usedHeap();
        long cpu = processCpuNanos();
        t = System.nanoTime();
        MemfileLeaseStore store = MemfileLeaseStore.open(config, new VirtualTime());
        long coldMillis = (System.nanoTime() - t) / 1_000_000;
        cpu = processCpuNanos() - cpu;
        long after = usedHeap();
        long size = store.size();
        System.out.printf("cold load: %,d leases in %,d ms (process CPU %,d ms, load average %.1f);"
                        + " retained heap %,d bytes = %.1f bytes/lease%n", size, coldMillis, cpu / 1_000_000,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), after - before,
                (after - before) / (double) size);
        store.close();
        store = null;

        for (int i = 0; i < 3; i++) {
            usedHeap();
            cpu = processCpuNanos();
            t = System.nanoTime();
            try (MemfileLeaseStore again = MemfileLeaseStore.open(config, new VirtualTime())) {
                System.out.printf("warm load %d: %,d leases in %,d ms (process CPU %,d ms)%n", i + 1, again.size(),
                        (System.nanoTime() - t) / 1_000_000, (processCpuNanos() - cpu) / 1_000_000);
            }
        }
        if (args.length < 2) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Heap in use after garbage collection has settled. */
    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static long generate(Path file, int leases) throws IOException {
        long now = 1_795_300_000L;
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,"
                    + "user_context,pool_id\n");
            for (int i = 0; i < leases; i++) {
                row(w, i, now + (i % 3600), 3600);
                rows++;
                if (i % 20 == 0 && i > 0) {
                    row(w, i - 1, now + 7200, 7200);
                    rows++;
                }
                if (i % 100 == 0 && i > 0) {
                    // Delete one, then give it back so the lease count stays exact.
                    row(w, i - 2, now, 0);
                    row(w, i - 2, now + 1, 3600);
                    rows += 2;
                }
            }
        }
        return rows;
    }

    private static void row(BufferedWriter w, int i, long cltt, long valid) throws IOException {
        int address = 0x0A000000 + i;
        String mac = String.format("02:00:%02x:%02x:%02x:%02x", (i >>> 24) & 0xff, (i >>> 16) & 0xff,
                (i >>> 8) & 0xff, i & 0xff);
        StringBuilder b = new StringBuilder(128);
        b.append(address >>> 24).append('.').append((address >>> 16) & 0xff).append('.')
                .append((address >>> 8) & 0xff).append('.').append(address & 0xff).append(',');
        b.append(mac).append(",01:").append(mac).append(',').append(valid).append(',').append(cltt + valid).append(',');
        b.append(1 + (i >>> 16)).append(",0,0,");
        if (i % 2 == 0) {
            b.append("client-").append(i);
        }
        b.append(",0,");
        if (i % 100 == 7) {
            b.append("{ \"site\": \"b").append(i % 10).append("\" }");
        }
        b.append(",0\n");
        w.write(b.toString());
    }
}
