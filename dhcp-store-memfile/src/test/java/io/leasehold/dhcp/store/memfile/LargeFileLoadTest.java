package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.store.memfile.internal.RowProblem;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static io.leasehold.dhcp.store.memfile.LeaseFileFormatTest.HEADER_12;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files of several MiB are parsed in a second thread while the opening thread fills the table, and the secondary
 * indexes are built after the replay: the result, the row problems and the failures must be the same as for small
 * files.
 */
class LargeFileLoadTest {
    private static final int LEASES = 80_000;

    @TempDir
    Path dir;

    /** Writes a journal with updates, deletions and two bad rows; returns the leases it leaves. */
    private TreeMap<Integer, Lease4> write(Path f) throws IOException {
        TreeMap<Integer, Lease4> expected = TestLeases.model();
        long line = 1;
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
            w.write(HEADER_12 + "\n");
            for (int i = 0; i < LEASES; i++) {
                int a = 0x0A000000 + i;
                Lease4 l = lease(a, i % 5, 3600);
                w.write(row(l));
                line++;
                expected.put(a, l);
                if (i % 7 == 0 && i > 0) {
                    Lease4 u = lease(a - 1, 7, 1800).toBuilder().hostname("updated,host").build();
                    w.write(row(u));
                    line++;
                    expected.put(a - 1, u);
                }
                if (i % 13 == 0 && i > 2) {
                    Lease4 gone = expected.remove(a - 2);
                    if (gone != null) {
                        w.write(row(gone.toBuilder().validLifetime(0).build()));
                        line++;
                    }
                }
                if (i == 1000 || i == 60_000) {
                    w.write("garbage row " + i + "\n");
                    line++;
                    badLines.add(line);
                }
            }
        }
        assertTrue(Files.size(f) > 5 << 20, "large enough for the two-thread loader: " + Files.size(f));
        return expected;
    }

    private final List<Long> badLines = new java.util.ArrayList<>();

    private static Lease4 lease(int a, int subnet, long valid) {
        return Lease4.builder(a).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, (byte) (a >> 16),
                        (byte) (a >> 8), (byte) a})).validLifetime(valid).cltt(TestLeases.NOW).subnetId(1 + subnet)
                .hostname((a & 1) == 0 ? "host-" + a : "").build();
    }

    private static String row(Lease4 l) {
        return Ipv4.toString(l.address()) + "," + l.hardwareAddress() + ",," + l.validLifetime() + "," + l.expire()
                + "," + l.subnetId() + ",0,0," + l.hostname().replace(",", "&#x2c") + ",0,,0\n";
    }

    @Test
    void largeJournalLoadsLikeASmallOne() throws IOException {
        Path f = dir.resolve("leases4.csv");
        TreeMap<Integer, Lease4> expected = write(f);
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            TestLeases.assertSameLeases(expected, store);
            assertEquals(badLines, store.loadProblems().stream().map(RowProblem::line).toList());
            Lease4 sample = expected.get(0x0A000000 + 4242);
            assertEquals(List.of(sample), store.getByHardwareAddress(sample.hardwareAddress()));
            assertEquals(List.of(sample), store.getByHostname(sample.hostname()));
            long inSubnet3 = expected.values().stream().filter(l -> l.subnetId() == 3).count();
            assertEquals(inSubnet3, store.getBySubnet(3).size());
            assertEquals(inSubnet3, store.countBySubnet(3).assigned());
            assertEquals(expected.values().stream().filter(l -> l.hostname().equals("updated,host")).count(),
                    store.getByHostname("updated,host").size());
        }
    }

    @Test
    void failuresInTheParsingThreadReachTheCaller() throws IOException {
        Path f = dir.resolve("leases4.csv");
        write(f);
        MemfileConfig strict = TestLeases.config(f).toBuilder().maxRowErrors(1).build();
        LeaseFileException e = assertThrows(LeaseFileException.class,
                () -> MemfileLeaseStore.open(strict, new VirtualTime()));
        assertTrue(e.getMessage().contains("line " + badLines.get(1)), e.getMessage());

        byte[] body = Files.readAllBytes(f);
        Files.write(f, ("address,hwaddr,nonsense\n" + new String(body, StandardCharsets.US_ASCII)
                .substring(HEADER_12.length() + 1)).getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(LeaseFileException.class, () -> TestLeases.open(f));
        assertTrue(e.getMessage().contains("invalid header"), e.getMessage());
    }
}
