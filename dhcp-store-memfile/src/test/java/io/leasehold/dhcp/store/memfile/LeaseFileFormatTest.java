package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.store.memfile.internal.KeaEscape;
import io.leasehold.dhcp.store.memfile.internal.RowProblem;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.leasehold.dhcp.store.memfile.TestLeases.NOW;
import static io.leasehold.dhcp.store.memfile.TestLeases.cid;
import static io.leasehold.dhcp.store.memfile.TestLeases.hw;
import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kea's DHCPv4 CSV format, byte for byte: what is written, what is accepted, what is rejected. */
class LeaseFileFormatTest {
    static final String HEADER_11 = "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,"
            + "hostname,state,user_context";
    static final String HEADER_12 = HEADER_11 + ",pool_id";

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("leases4.csv");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private MemfileLeaseStore load(String... lines) throws IOException {
        return TestLeases.open(file(lines));
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Test
    void writesTheTwelveColumnFormatByteForByte() throws IOException {
        Path f = dir.resolve("leases4.csv");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            store.add(Lease4.builder(ip("192.0.2.150")).hardwareAddress(hw("1A:2B:3C:4D:5E:6F"))
                    .clientId(cid("011a2b3c4d5e6f")).validLifetime(7200).cltt(1795307182).subnetId(1)
                    .fqdnForward(true).fqdnReverse(true).hostname("comma,host&x.example.org")
                    .userContext("{ \"n\": 1, \"note\": \"has, comma and \\\"quotes\\\"\" }").poolId(3).build());
            store.add(Lease4.builder(ip("10.0.0.1")).hardwareAddress(hw("2:0:0:0:0:84"))
                    .validLifetime(Lease4.INFINITE_LIFETIME).cltt(1795307182).subnetId(4294967295L).state(7).build());
            store.add(Lease4.builder(ip("192.0.2.21")).validLifetime(86400).cltt(1795307159).subnetId(1)
                    .state(LeaseState.DECLINED).build());
            store.delete(ip("10.0.0.1"));
        }
        assertEquals(List.of(HEADER_12,
                "192.0.2.150,1a:2b:3c:4d:5e:6f,01:1a:2b:3c:4d:5e:6f,7200,1795314382,1,1,1,comma&#x2chost&#x26x.example.org,"
                        + "0,{ \"n\": 1&#x2c \"note\": \"has&#x2c comma and \\\"quotes\\\"\" },3",
                "10.0.0.1,02:00:00:00:00:84,,4294967295,6090274477,4294967295,0,0,,7,,0",
                "192.0.2.21,,,86400,1795393559,1,0,0,,1,,0",
                // A deletion is a copy of the lease with valid_lifetime 0, so expire = cltt.
                "10.0.0.1,02:00:00:00:00:84,,0,1795307182,4294967295,0,0,,7,,0"), TestLeases.lines(f));
    }

    @Test
    void everyFieldRoundTripsThroughTheFile() throws IOException {
        Path f = dir.resolve("leases4.csv");
        List<Lease4> leases = List.of(
                Lease4.builder(ip("192.0.2.1")).hardwareAddress(hw("00:0c:01:02:03:04")).clientId(cid("ff:00:01"))
                        .validLifetime(1).cltt(0).subnetId(0).fqdnForward(true).hostname("a,b&c&#x2c;d")
                        .state(LeaseState.EXPIRED_RECLAIMED).poolId(0xffffffffL).build(),
                Lease4.builder(ip("255.255.255.254")).hardwareAddress(HardwareAddress.ethernet(new byte[16]))
                        .clientId(ClientId.of(new byte[255])).validLifetime(Lease4.INFINITE_LIFETIME)
                        .cltt(4_000_000_000L).subnetId(77).fqdnReverse(true).hostname("ünïcode\nline\rbreak")
                        .state(-1).userContext("{\"list\": [1, \"x,y\", {\"&\": null}],\n \"nl\": true}").build(),
                Lease4.builder(ip("0.0.0.1")).clientId(cid("01:02")).validLifetime(10).cltt(NOW).subnetId(2)
                        .state(LeaseState.RELEASED).build());
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            leases.forEach(store::add);
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(List.of(leases.get(2), leases.get(0), leases.get(1)), TestLeases.all(store));
        }
        // Line breaks inside values are escaped, so every lease is one line.
        assertEquals(4, TestLeases.lines(f).size());
    }

    @Test
    void theFileDoesNotKeepTheHardwareType() throws IOException {
        Path f = dir.resolve("leases4.csv");
        Lease4 tokenRing = Lease4.builder(ip("192.0.2.5")).hardwareAddress(HardwareAddress.of(6, new byte[] {1, 2}))
                .validLifetime(60).cltt(NOW).subnetId(1).build();
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            store.add(tokenRing);
            assertEquals(Optional.of(tokenRing), store.get(tokenRing.address()), "memory keeps it");
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(HardwareAddress.ethernet(new byte[] {1, 2}),
                    store.get(tokenRing.address()).orElseThrow().hardwareAddress(), "Kea assumes Ethernet");
        }
    }

    @Test
    void refusesLeasesTheFileCannotHold() throws IOException {
        try (MemfileLeaseStore store = TestLeases.open(dir.resolve("leases4.csv"))) {
            Lease4 anonymous = Lease4.builder(ip("192.0.2.9")).validLifetime(60).cltt(NOW).subnetId(1).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.add(anonymous));
            assertTrue(e.getMessage().contains("192.0.2.9"), e.getMessage());
            Lease4 badContext = TestLeases.lease("192.0.2.9", "02:00:00:00:00:01", 1).toBuilder()
                    .userContext("[1, 2]").build();
            e = assertThrows(IllegalArgumentException.class, () -> store.add(badContext));
            assertTrue(e.getMessage().contains("not a JSON map"), e.getMessage());
            assertEquals(0, store.size());
        }
        assertEquals(List.of(HEADER_12), TestLeases.lines(dir.resolve("leases4.csv")));
        try (MemfileLeaseStore memory = MemfileLeaseStore.open(MemfileConfig.inMemory())) {
            assertTrue(memory.add(Lease4.builder(ip("192.0.2.9")).validLifetime(60).cltt(NOW).subnetId(1).build()),
                    "a store that does not persist has no file format to respect");
        }
    }

    // ------------------------------------------------------------------------------------------------ escaping

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "comma&#x2chost|comma,host",
        "a&#x26b|a&b",
        "upper&#x2Cx|upper,x",
        "no-tag&#xzz|no-tag&#xzz",
        "short&#x2|short&#x2",
        "end&#x|end&#x",
        "&#x26#x2c|&#x2c",
        "plain & text|plain & text"})
    void unescapesLikeKea(String escaped, String text) {
        byte[] in = escaped.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[in.length];
        int n = KeaEscape.unescape(in, 0, in.length, out);
        assertEquals(text, new String(out, 0, n, StandardCharsets.UTF_8));
    }

    @Test
    void unescapesLineBreaks() {
        byte[] in = "nl&#x0aend&#x0d".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[in.length];
        assertEquals("nl\nend\r", new String(out, 0, KeaEscape.unescape(in, 0, in.length, out), StandardCharsets.US_ASCII));
    }

    @Test
    void escapingRoundTripsAwkwardText() throws IOException {
        Path f = dir.resolve("leases4.csv");
        String[] names = {"&", "&#x2c", "&#x26", ",,", "a&#xzzb", "&&#x2c,", "trailing&", "&#x"};
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            for (int i = 0; i < names.length; i++) {
                store.add(TestLeases.lease("192.0.2." + (i + 1), "02:00:00:00:00:01", 1).toBuilder()
                        .hostname(names[i]).userContext("{\"h\": \"" + names[i] + "\"}").build());
            }
        }
        for (String line : TestLeases.lines(f).subList(1, names.length + 1)) {
            assertEquals(12, line.split(",", -1).length, line);
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            for (int i = 0; i < names.length; i++) {
                Lease4 l = store.get(ip("192.0.2." + (i + 1))).orElseThrow();
                assertEquals(names[i], l.hostname());
                assertEquals("{\"h\": \"" + names[i] + "\"}", l.userContext());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    @Test
    void acceptsKeasIdentifierForms() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12,
                "192.0.2.1,2:0:0:0:0:84,,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.2,02:00:00:00:00:02,0102,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.3,02:00:00:00:00:03,0x010203,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.4,02:00:00:00:00:04,01 02 03,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.5,02:00:00:00:00:05,10203,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.6,AA:BB:CC:DD:EE:FF,0A:0B,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.7,,01:07:07,3600,1795310740,1,0,0,,0,,0")) {
            assertEquals(hw("02:00:00:00:00:84"), store.get(ip("192.0.2.1")).orElseThrow().hardwareAddress());
            assertEquals(cid("01:02"), store.get(ip("192.0.2.2")).orElseThrow().clientId());
            assertEquals(cid("01:02:03"), store.get(ip("192.0.2.3")).orElseThrow().clientId());
            assertEquals(cid("01:02:03"), store.get(ip("192.0.2.4")).orElseThrow().clientId());
            assertEquals(cid("01:02:03"), store.get(ip("192.0.2.5")).orElseThrow().clientId());
            assertEquals(hw("aa:bb:cc:dd:ee:ff"), store.get(ip("192.0.2.6")).orElseThrow().hardwareAddress());
            assertEquals(cid("0a:0b"), store.get(ip("192.0.2.6")).orElseThrow().clientId());
            Lease4 noHw = store.get(ip("192.0.2.7")).orElseThrow();
            assertEquals(null, noHw.hardwareAddress());
            assertEquals(cid("01:07:07"), noHw.clientId());
            assertTrue(store.loadProblems().isEmpty(), store.loadProblems().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "192.0.2.9,02-00-00-00-00-83,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,020000000083,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02::00,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,01,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,0g01,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,true,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,2,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,-1,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,4294967296,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,17953x0740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,[1],0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,{\"a\": ,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,{} {},0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,,",
        "192.0.2.9,,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.09,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.256,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,,0",
        "2001:db8::1,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,,0",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,",
        "192.0.2.9,02:00:00:00:00:83,,3600,1795310740,1,0,0,,0,,0,extra"})
    void rejectsRowsKeaRejects(String row) throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12, row, "192.0.2.10,02:00:00:00:00:10,,3600,1795310740,1,0,0,,0,,0")) {
            assertEquals(Optional.empty(), store.get(ip("192.0.2.9")));
            assertEquals(1, store.size(), "the good row after the bad one loads");
            List<RowProblem> problems = store.loadProblems();
            assertEquals(1, problems.size());
            assertEquals(2, problems.get(0).line());
        }
    }

    @Test
    void stateIsAnOpenSetAndDeclinedLeasesNeedNoIdentity() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12,
                "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,7,,0",
                "192.0.2.2,,,86400,1795393559,1,0,0,,1,,0")) {
            assertEquals(7, store.get(ip("192.0.2.1")).orElseThrow().state());
            assertEquals(LeaseState.DECLINED, store.get(ip("192.0.2.2")).orElseThrow().state());
        }
    }

    /** Kea 2.7+ writes state 3 (released) rows; they load, keep their state and survive a reopen. */
    @Test
    void releasedRowsFromNewerKeaAreKept() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12,
                "192.0.2.3,02:00:00:00:00:03,01:02:03,3600,1795310740,1,0,0,rel.example,3,,0")) {
            Lease4 l = store.get(ip("192.0.2.3")).orElseThrow();
            assertEquals(LeaseState.RELEASED, l.state());
            assertEquals("released", LeaseState.name(l.state()));
            assertEquals(1, store.size());
        }
        try (MemfileLeaseStore store = TestLeases.open(dir.resolve("leases4.csv"))) {
            assertEquals(LeaseState.RELEASED, store.get(ip("192.0.2.3")).orElseThrow().state(), "after a reopen");
        }
    }

    @Test
    void laterRowsOverrideEarlierOnesAndZeroLifetimeDeletes() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12,
                "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,first,0,,0",
                "192.0.2.2,02:00:00:00:00:02,,0,1795310740,1,0,0,,0,,0",
                "192.0.2.1,02:00:00:00:00:01,,1800,1795310800,1,0,0,second,0,,0",
                "",
                "192.0.2.3,02:00:00:00:00:03,,3600,1795310740,1,0,0,,0,,0",
                "192.0.2.3,02:00:00:00:00:03,,0,1795307140,1,0,0,,0,,0")) {
            Lease4 l = store.get(ip("192.0.2.1")).orElseThrow();
            assertEquals("second", l.hostname());
            assertEquals(1795310800L - 1800, l.cltt());
            assertEquals(1, store.size(), "a deletion of an unknown address adds nothing; blank lines are skipped");
        }
    }

    // ------------------------------------------------------------------------------------------------ headers

    @Test
    void elevenColumnHeaderTakesRowsOfElevenOrTwelveWithDefaults() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_11,
                "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,2,",
                "192.0.2.2,02:00:00:00:00:02,,3600,1795310740,1,0,0,,0,,4",
                "192.0.2.3,02:00:00:00:00:03,,3600,1795310740,1,0,0,",
                "192.0.2.4,02:00:00:00:00:04,,3600,1795310740,1,0,0,,0,,4,5")) {
            assertEquals(LeaseState.EXPIRED_RECLAIMED, store.get(ip("192.0.2.1")).orElseThrow().state());
            assertEquals(0, store.get(ip("192.0.2.1")).orElseThrow().poolId());
            assertEquals(4, store.get(ip("192.0.2.2")).orElseThrow().poolId());
            // Fewer values than the header's 11, or more than the current 12, are bad rows.
            assertEquals(List.of(4L, 5L), store.loadProblems().stream().map(RowProblem::line).toList());
        }
    }

    @Test
    void oldestHeaderWithoutStateOrContextGetsDefaults() throws IOException {
        try (MemfileLeaseStore store = load("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,"
                + "fqdn_rev,hostname", "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,1,0,h")) {
            Lease4 l = store.get(ip("192.0.2.1")).orElseThrow();
            assertEquals(LeaseState.DEFAULT, l.state());
            assertEquals(null, l.userContext());
            assertEquals("h", l.hostname());
        }
    }

    @Test
    void newerHeaderWithExtraColumnsIsReadAndTheExtraIgnored() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12 + ",future_column",
                "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,3,whatever",
                "192.0.2.2,02:00:00:00:00:02,,3600,1795310740,1,0,0,,0,,3",
                "192.0.2.3,02:00:00:00:00:03,,3600,1795310740,1,0,0,,0,")) {
            assertEquals(3, store.get(ip("192.0.2.1")).orElseThrow().poolId());
            assertEquals(3, store.get(ip("192.0.2.2")).orElseThrow().poolId());
            assertEquals(List.of(4L), store.loadProblems().stream().map(RowProblem::line).toList());
        }
    }

    @Test
    void twelveColumnHeaderNeedsTwelveValues() throws IOException {
        try (MemfileLeaseStore store = load(HEADER_12, "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,")) {
            assertEquals(0, store.size());
            assertTrue(store.loadProblems().get(0).message().contains("11 values, expected 12"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev",
        "address,hwaddr,client_id,valid_lifetime,expire,subnet,fqdn_fwd,fqdn_rev,hostname",
        "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,0"})
    void invalidHeaderAbortsTheOpen(String header) throws IOException {
        Path f = file(header, "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,0");
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> TestLeases.open(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("header"), e.getMessage());
        // The failed open released the file: a corrected file opens.
        Files.writeString(f, HEADER_12 + "\n");
        TestLeases.open(f).close();
    }

    // ------------------------------------------------------------------------------------------------ max-row-errors

    @Test
    void maxRowErrorsCountsBadRowsPerFileAndAbortsWhenExceeded() throws IOException {
        Path f = file(HEADER_12,
                "bad1",
                "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,0",
                "bad2",
                "bad3");
        MemfileConfig two = TestLeases.config(f).toBuilder().maxRowErrors(3).build();
        try (MemfileLeaseStore store = MemfileLeaseStore.open(two, new VirtualTime())) {
            assertEquals(List.of(2L, 4L, 5L), store.loadProblems().stream().map(RowProblem::line).toList());
            assertEquals(1, store.size());
        }
        MemfileConfig one = two.toBuilder().maxRowErrors(2).build();
        LeaseFileException e = assertThrows(LeaseFileException.class,
                () -> MemfileLeaseStore.open(one, new VirtualTime()));
        assertTrue(e.getMessage().contains("max-row-errors 2") && e.getMessage().contains("line 5")
                && e.getMessage().contains(f.toString()), e.getMessage());
        MemfileConfig unlimited = two.toBuilder().maxRowErrors(0).build();
        try (MemfileLeaseStore store = MemfileLeaseStore.open(unlimited, new VirtualTime())) {
            assertEquals(3, store.loadProblems().size());
        }
    }

    @Test
    void overlongLineIsABadRowNotAnOutOfMemory() throws IOException {
        Path f = dir.resolve("leases4.csv");
        byte[] huge = new byte[17 << 20];
        java.util.Arrays.fill(huge, (byte) 'x');
        try (var out = Files.newOutputStream(f)) {
            out.write((HEADER_12 + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(huge);
            out.write(("\n192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,0\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(1, store.size());
            assertEquals(List.of(2L), store.loadProblems().stream().map(RowProblem::line).toList());
        }
    }

    @Test
    void headerBytesAreExactlyKeasPlusPoolId() {
        assertArrayEquals((HEADER_12 + "\n").getBytes(StandardCharsets.US_ASCII),
                io.leasehold.dhcp.store.memfile.internal.LeaseFileSchema.HEADER_LINE);
    }
}
