package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening a file set: which files are replayed in which order, and what is repaired or rotated on the way. */
class LeaseFileLoaderTest {
    private static final String HEADER = new String(LeaseFileSchema.HEADER_LINE, StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private LeaseFileSet files() {
        return LeaseFileSet.of(dir.resolve("leases4.csv"));
    }

    /** The rows of the leases; a lease with valid lifetime 0 is a deletion. */
    private static String rows(Lease4... leases) {
        ByteSink sink = new ByteSink(256);
        for (Lease4 l : leases) {
            LeaseRowWriter.append(sink, LeaseCodec.encode(l));
        }
        return new String(sink.array(), 0, sink.length(), StandardCharsets.UTF_8);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<Lease4> leases(LeaseTable table) {
        return Arrays.stream(table.all()).mapToObj(table::lease).toList();
    }

    private static LeaseFileLoader.Loaded load(LeaseFileSet files) throws IOException {
        return LeaseFileLoader.load(files, 0, FsyncPolicy.NONE);
    }

    @Test
    void replaysPreviousThenInputThenLiveAndOpensTheJournal() throws IOException {
        LeaseFileSet files = files();
        Lease4 a = lease(1).hostname("from-2").build();
        Lease4 b = lease(2).build();
        Lease4 a1 = a.toBuilder().hostname("from-1").build();
        Lease4 c = lease(3).build();
        write(files.previous(), HEADER + rows(a, b));
        write(files.input(), HEADER + rows(a1, b.toBuilder().validLifetime(0).build()));
        write(files.live(), HEADER + rows(c));
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertEquals(List.of(a1, c), leases(loaded.table));
            assertArrayEquals(new int[] {loaded.table.find(1)}, loaded.table.byHostname("from-1".getBytes()),
                    "indexes are built");
            assertTrue(loaded.cleanupNeeded, "F.1 is an unfinished cleanup");
            assertTrue(loaded.problems.isEmpty());
            journal.sink().reset();
            LeaseRowWriter.append(journal.sink(), LeaseCodec.encode(lease(4).build()));
            journal.commit();
        }
        assertEquals(HEADER + rows(c, lease(4).build()), Files.readString(files.live()), "appends to F");
    }

    @Test
    void aCompletedCleanupOutputReplacesThePreviousAndInputFiles() throws IOException {
        LeaseFileSet files = files();
        write(files.previous(), HEADER + rows(lease(1).build()));
        write(files.input(), HEADER + rows(lease(2).build()));
        write(files.completed(), HEADER + rows(lease(3).build()));
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertEquals(List.of(lease(3).build()), leases(loaded.table));
            assertTrue(loaded.cleanupNeeded);
        }
    }

    @Test
    void aMissingLiveFileIsCreatedWithTheHeader() throws IOException {
        LeaseFileSet files = files();
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertEquals(0, loaded.table.size());
            assertFalse(loaded.cleanupNeeded);
        }
        assertEquals(HEADER, Files.readString(files.live()));
    }

    @Test
    void aTornLastLineIsCutOffAndNotLoaded() throws IOException {
        LeaseFileSet files = files();
        String whole = HEADER + rows(lease(1).build());
        write(files.live(), whole + rows(lease(2).build()).substring(0, 20));
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertEquals(List.of(lease(1).build()), leases(loaded.table));
        }
        assertEquals(whole, Files.readString(files.live()));
    }

    @Test
    void badRowsAreSkippedAndReportedWithTheirLine() throws IOException {
        LeaseFileSet files = files();
        write(files.live(), HEADER + rows(lease(1).build()) + "not,a,lease\n" + rows(lease(2).build()));
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertEquals(2, loaded.table.size());
            assertEquals(1, loaded.problems.size());
            assertEquals(3, loaded.problems.get(0).line());
            assertEquals(files.live(), loaded.problems.get(0).file());
        }
    }

    @Test
    void anOldHeaderIsRotatedAwaySoNewRowsGoUnderTheCurrentOne() throws IOException {
        LeaseFileSet files = files();
        String old = String.join(",", Arrays.copyOf(LeaseFileSchema.COLUMNS, LeaseFileSchema.KEA_2_2_COLUMNS)) + "\n";
        write(files.live(), old);
        LeaseFileLoader.Loaded loaded = load(files);
        try (LeaseJournal journal = loaded.journal) {
            assertTrue(loaded.cleanupNeeded, "the cleanup converts the rotated file");
        }
        assertEquals(old, Files.readString(files.input()));
        assertEquals(HEADER, Files.readString(files.live()));
    }
}
