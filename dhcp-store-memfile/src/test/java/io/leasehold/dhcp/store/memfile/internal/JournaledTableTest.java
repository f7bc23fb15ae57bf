package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.leasehold.dhcp.store.memfile.internal.JournaledTable.NOT_APPLIED;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table behind its locks: each change writes its rows, wipes write in batches, nothing works once closed. */
class JournaledTableTest {
    @TempDir
    Path dir;

    private static boolean add(JournaledTable t, int address, int subnet) {
        LeaseRow r = row(lease(address).subnetId(subnet));
        return t.mutate(address, slot -> slot >= 0 ? NOT_APPLIED : t.insert(r));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void inMemoryChangesApplyOnlyWhenTheMutationSaysSo() {
        JournaledTable t = new JournaledTable(new LeaseTable(), null, "memory");
        assertTrue(add(t, 1, 1));
        assertFalse(add(t, 1, 1), "NOT_APPLIED: no change");
        assertTrue(t.mutate(1, slot -> t.replace(slot, row(lease(1).hostname("renamed")))));
        assertEquals("renamed", t.read(table -> table.lease(table.find(1)).hostname()));
        assertTrue(t.mutate(1, t::remove));
        assertEquals(0, (int) t.read(LeaseTable::size));
        assertEquals(0, t.fsyncCount());
    }

    @Test
    void everyChangeAppendsItsRowAndAWipeWritesDeletionRowsInBatches() throws IOException {
        LeaseFileSet files = LeaseFileSet.of(dir.resolve("leases4.csv"));
        LeaseJournal.createLive(files, FsyncPolicy.NONE);
        LeaseJournal journal = LeaseJournal.open(files.live(), FsyncPolicy.NONE);
        JournaledTable t = new JournaledTable(new LeaseTable(), journal, files.live().toString());
        for (int a = 0; a < 1200; a++) {
            assertTrue(add(t, 0x0A000000 + a, 1 + a % 2));
        }
        assertTrue(t.mutate(0x0A000000, t::remove));
        assertEquals(1 + 1201, lines(files.live()).size());
        assertEquals(599, t.wipe(1), "subnet 1 had 600 leases, one deleted");
        assertEquals(1201 + 2, journal.writtenRows(), "599 deletions in two writes");
        assertEquals(600, t.wipe(0));
        assertEquals(1201 + 2 + 2, journal.writtenRows());
        List<String> rows = lines(files.live());
        assertEquals(1 + 1201 + 1199, rows.size());
        assertEquals("0", rows.get(rows.size() - 1).split(",")[3], "a deletion row has valid lifetime 0");
        assertEquals(0, t.wipe(77));
        assertEquals(0, t.wipe(-1));
        assertTrue(t.close());
        t.closeJournal();
    }

    @Test
    void rotationHappensBetweenChangesAndNotOnceClosed() throws IOException {
        LeaseFileSet files = LeaseFileSet.of(dir.resolve("leases4.csv"));
        LeaseJournal.createLive(files, FsyncPolicy.NONE);
        JournaledTable t = new JournaledTable(new LeaseTable(), LeaseJournal.open(files.live(), FsyncPolicy.NONE),
                files.live().toString());
        add(t, 1, 1);
        assertTrue(t.rotate(files));
        add(t, 2, 1);
        assertEquals(2, lines(files.input()).size());
        assertEquals(2, lines(files.live()).size());
        assertTrue(t.close());
        assertFalse(t.rotate(files));
        t.closeJournal();
    }

    @Test
    void aClosedTableRefusesEverythingAndClosesOnce() {
        JournaledTable t = new JournaledTable(new LeaseTable(), null, "memory");
        add(t, 1, 1);
        assertFalse(t.isClosed());
        assertTrue(t.close());
        assertTrue(t.isClosed());
        assertFalse(t.close(), "already closed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> add(t, 2, 1));
        assertEquals("the lease store for memory is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.read(LeaseTable::size));
        assertThrows(IllegalStateException.class, () -> t.wipe(0));
        assertThrows(IllegalStateException.class, t::checkOpen);
        assertEquals(1, t.table().size(), "the data stays for statistics");
    }
}
