package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileSet;
import io.leasehold.dhcp.store.memfile.internal.RowProblem;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.leasehold.dhcp.store.memfile.TestLeases.cid;
import static io.leasehold.dhcp.store.memfile.TestLeases.hw;
import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease files captured from a live Kea 2.2.0 load with every field as Kea wrote it. */
class KeaSampleFilesTest {
    @TempDir
    Path dir;

    private static Lease4.Builder kea(String address, String hwaddr, long valid, long expire) {
        Lease4.Builder b = Lease4.builder(ip(address)).validLifetime(valid).cltt(expire - valid).subnetId(1);
        return hwaddr == null ? b : b.hardwareAddress(hw(hwaddr));
    }

    /** The ten leases that survive the journal in kea-leases4-2.2.csv (and are in kea-lfc's output). */
    static List<Lease4> finalLeases() {
        return List.of(
                kea("192.0.2.10", "00:0c:01:02:03:04", 3600, 1795310740).clientId(cid("01:00:0c:01:02:03:04")).build(),
                kea("192.0.2.11", "00:0c:01:02:03:05", 3600, 1795310740).clientId(cid("01:00:0c:01:02:03:05")).build(),
                kea("192.0.2.12", "00:0c:01:02:03:06", 3600, 1795310740).clientId(cid("01:00:0c:01:02:03:06")).build(),
                kea("192.0.2.13", "00:0c:01:02:03:07", 3600, 1795310740).clientId(cid("01:00:0c:01:02:03:07")).build(),
                kea("192.0.2.18", "02:00:00:00:00:01", 3600, 1795310813).clientId(cid("01:02:00:00:00:00:01")).build(),
                kea("192.0.2.19", "02:00:00:00:00:02", 3600, 1795310758).hostname("myhost").build(),
                kea("192.0.2.21", null, 86400, 1795393559).state(LeaseState.DECLINED).build(),
                kea("192.0.2.150", "1a:2b:3c:4d:5e:6f", 1800, 1795308982).hostname("updated-host").build(),
                kea("192.0.2.152", "1a:2b:3c:4d:5e:72", 3600, 1900000000L).state(LeaseState.DECLINED).build(),
                kea("192.0.2.201", "1a:1b:1c:1d:1e:1f", 3600, 1795310760).hostname("resv-host").build());
    }

    @Test
    void journalReplaysToTheLeasesKeaKept() throws IOException {
        Path f = TestLeases.copyResource("kea-leases4-2.2.csv", dir.resolve("kea-leases4.csv"));
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(finalLeases(), TestLeases.all(store));
            assertEquals(Optional.empty(), store.get(ip("192.0.2.20")), "released: valid_lifetime 0 row deletes");
            assertEquals(Optional.empty(), store.get(ip("192.0.2.151")), "lease4-del");
            assertEquals(Optional.empty(), store.get(ip("192.0.2.160")), "lease4-del");
            assertTrue(store.loadProblems().isEmpty());
        }
    }

    @Test
    void keaLfcOutputLoadsAsThePreviousFile() throws IOException {
        TestLeases.copyResource("kea-leases4-2.2-after-lfc.csv.2", dir.resolve("kea-leases4.csv.2"));
        try (MemfileLeaseStore store = TestLeases.open(dir.resolve("kea-leases4.csv"))) {
            assertEquals(finalLeases(), TestLeases.all(store));
        }
        assertEquals(List.of(String.join(",", "address", "hwaddr", "client_id", "valid_lifetime", "expire",
                        "subnet_id", "fqdn_fwd", "fqdn_rev", "hostname", "state", "user_context", "pool_id")),
                TestLeases.lines(dir.resolve("kea-leases4.csv")), "a missing live file is created with the header");
    }

    @Test
    void userContextAndEscapedHostnameRowOfTheSample() throws IOException {
        List<String> lines = TestLeases.lines(TestLeases.copyResource("kea-leases4-2.2.csv", dir.resolve("all.csv")));
        Path f = dir.resolve("kea-leases4.csv");
        Files.write(f, lines.subList(0, 13));
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            Lease4 expected = kea("192.0.2.150", "1a:2b:3c:4d:5e:6f", 7200, 1795314382)
                    .clientId(cid("01:1a:2b:3c:4d:5e:6f")).fqdnForward(true).fqdnReverse(true)
                    .hostname("comma,host.example.org")
                    .userContext("{ \"n\": 1, \"note\": \"has, comma and \\\"quotes\\\"\" }").build();
            assertEquals(Optional.of(expected), store.get(ip("192.0.2.150")));
            assertEquals("host1exampleorg.", store.get(ip("192.0.2.18")).orElseThrow().hostname());
            assertEquals(LeaseState.DECLINED, store.get(ip("192.0.2.21")).orElseThrow().state());
            assertTrue(store.runLeaseFileCleanup());
        }
        // The cleanup output renders that row exactly as Kea did, plus the pool_id column.
        String keaRow = lines.get(12);
        assertTrue(TestLeases.lines(dir.resolve("kea-leases4.csv.2")).contains(keaRow + ",0"), keaRow);
    }

    @Test
    void cleanupOutputIsKeaLfcOutputPlusPoolId() throws IOException {
        Path f = TestLeases.copyResource("kea-leases4-2.2.csv", dir.resolve("kea-leases4.csv"));
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (MemfileLeaseStore store = MemfileLeaseStore.open(TestLeases.config(f), time)) {
            // An 11-column live file is rotated at once so that new rows never go under the old header ...
            assertTrue(Files.exists(dir.resolve("kea-leases4.csv.1")));
            assertEquals(1, TestLeases.lines(f).size());
            // ... and one cleanup is due immediately, even with lfc-interval 0.
            assertEquals(1, time.pending());
            time.runDue();
            assertEquals(finalLeases(), TestLeases.all(store));
        }
        List<String> kea = TestLeases.lines(TestLeases.copyResource("kea-leases4-2.2-after-lfc.csv.2",
                dir.resolve("kea-after-lfc")));
        List<String> ours = TestLeases.lines(dir.resolve("kea-leases4.csv.2"));
        assertEquals(kea.get(0) + ",pool_id", ours.get(0));
        assertEquals(kea.subList(1, kea.size()).stream().map(l -> l + ",0").toList(), ours.subList(1, ours.size()));
        LeaseFileSet files = LeaseFileSet.of(f);
        assertFalse(Files.exists(files.input()));
        assertFalse(Files.exists(files.completed()));
        assertFalse(Files.exists(files.pid()));
    }

    @Test
    void gluedRowFromKeasTruncationDemoIsSkippedWithItsLineNumber() throws IOException {
        Path f = TestLeases.copyResource("kea-leases4-2.2-truncated-line-demo.csv", dir.resolve("kea-leases4.csv"));
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(List.of(ip("192.0.2.79"), ip("198.51.100.18")),
                    TestLeases.all(store).stream().map(Lease4::address).toList());
            Lease4 l = store.get(ip("198.51.100.18")).orElseThrow();
            assertEquals(Lease4.builder(ip("198.51.100.18")).hardwareAddress(hw("02:00:00:00:01:0f"))
                    .validLifetime(4000).cltt(1795311496L - 4000).subnetId(2).build(), l);
            List<RowProblem> problems = store.loadProblems();
            assertEquals(1, problems.size());
            assertEquals(3, problems.get(0).line());
            assertEquals(f, problems.get(0).file());
            assertTrue(problems.get(0).message().contains("15 values"), problems.get(0).message());
        }
    }

    @Test
    void beforeTruncationSampleHoldsOneLease() throws IOException {
        Path f = TestLeases.copyResource("kea-leases4-2.2-before-truncation.csv", dir.resolve("kea-leases4.csv"));
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(List.of(Lease4.builder(ip("198.51.100.18")).hardwareAddress(hw("02:00:00:00:01:0f"))
                    .validLifetime(4000).cltt(1795311496L - 4000).subnetId(2).build()), TestLeases.all(store));
        }
    }
}
