package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A store's {@link LeaseTable} and the {@link LeaseJournal} it is written through (none when not persisting), under
 * the store's locks. Every change is one atomic step under the append lock: the condition check, the row write (the
 * only I/O under the lock) and the table change; the table itself changes under a write lock held only for the
 * in-memory change. Readers take the read lock around the table only, so they never wait for I/O. Once the change is
 * made the caller waits, without any lock, until the row is as durable as the {@link FsyncPolicy} says.
 */
public final class JournaledTable {
    /** Returned by a {@link Mutation} that changed nothing. */
    public static final long NOT_APPLIED = -1;
    /** Rows per write when wiping. */
    private static final int WIPE_BATCH = 512;

    /** A change decided under the append lock, given the address's slot (or -1). */
    @FunctionalInterface
    public interface Mutation {
        /** Returns the durability sequence of the written row, or {@link #NOT_APPLIED}. */
        long apply(int slot);
    }

    private final LeaseTable table;
    private final LeaseJournal journal;
    /** What is stored where, for messages: the live file, or "memory". */
    private final String name;

    /** Serialises mutations: the condition check, the row write and the table change happen under it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Guards the table: mutators take the write lock only for the in-memory change. */
    private final Lock readLock;
    private final Lock writeLock;
    private volatile boolean closed;

    /** @param journal the live file, or {@code null} to keep the leases in memory only */
    public JournaledTable(LeaseTable table, LeaseJournal journal, String name) {
        this.table = table;
        this.journal = journal;
        this.name = name;
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        this.readLock = rw.readLock();
        this.writeLock = rw.writeLock();
    }

    /** The table, for {@link Mutation}s (which run under the append lock) and unlocked statistics. */
    public LeaseTable table() {
        return table;
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Runs a change with the append lock held (condition check, row write and table change are one atomic step),
     * then waits, without the lock, until the row is as durable as the fsync policy says.
     *
     * @return whether the change was applied
     * @throws IllegalStateException when closed
     */
    public boolean mutate(int address, Mutation mutation) {
        long seq;
        appendLock.lock();
        try {
            checkOpen();
            seq = mutation.apply(table.find(address));
        } finally {
            appendLock.unlock();
        }
        if (seq == NOT_APPLIED) {
            return false;
        }
        awaitDurable(seq);
        return true;
    }

    /** Decides, under the append lock, whether row {@code index} of a run is written, given its address's slot. */
    @FunctionalInterface
    public interface RowDecision {
        boolean write(int index, int slot);
    }

    /**
     * Writes a run of rows as one step under the append lock: decides each row against its address's slot (or -1),
     * renders every accepted row into one journal write (one {@code write(2)} for the run instead of one per row),
     * then makes the run's table changes under one hold of the write lock; waits for durability once, without a
     * lock. The rows' addresses must be distinct (callers pass them strictly ascending), so no decision depends on
     * another row's table change. Nothing of the run is in the table when the write fails.
     *
     * @return per row, whether it was written
     * @throws IllegalStateException when closed
     */
    public boolean[] putRun(LeaseRow[] rows, RowDecision decision) {
        boolean[] written = new boolean[rows.length];
        int[] slots = new int[rows.length];
        long seq = 0;
        appendLock.lock();
        try {
            checkOpen();
            int accepted = 0;
            if (journal != null) {
                journal.sink().reset();
            }
            for (int i = 0; i < rows.length; i++) {
                int slot = table.find(rows[i].address);
                if (decision.write(i, slot)) {
                    written[i] = true;
                    slots[i] = slot;
                    accepted++;
                    if (journal != null) {
                        LeaseRowWriter.append(journal.sink(), rows[i]);
                    }
                }
            }
            if (accepted == 0) {
                return written;
            }
            if (journal != null) {
                seq = journal.commit();
            }
            writeLock.lock();
            try {
                for (int i = 0; i < rows.length; i++) {
                    if (!written[i]) {
                        continue;
                    }
                    if (slots[i] < 0) {
                        table.insert(rows[i]);
                    } else {
                        table.replace(slots[i], rows[i]);
                    }
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            appendLock.unlock();
        }
        awaitDurable(seq);
        return written;
    }

    /** In a {@link Mutation}: journals the new lease and inserts it; returns the durability sequence. */
    public long insert(LeaseRow row) {
        long seq = journal(row);
        writeLock.lock();
        try {
            table.insert(row);
        } finally {
            writeLock.unlock();
        }
        return seq;
    }

    /** In a {@link Mutation}: journals the new lease and replaces the slot; returns the durability sequence. */
    public long replace(int slot, LeaseRow row) {
        long seq = journal(row);
        writeLock.lock();
        try {
            table.replace(slot, row);
        } finally {
            writeLock.unlock();
        }
        return seq;
    }

    /**
     * In a {@link Mutation}: journals the deletion (a copy of the lease with valid lifetime 0, as Kea writes it) and
     * removes the slot; returns the durability sequence.
     */
    public long remove(int slot) {
        LeaseRow row = table.read(slot, new LeaseRow());
        row.valid = 0;
        long seq = journal(row);
        writeLock.lock();
        try {
            table.remove(slot);
        } finally {
            writeLock.unlock();
        }
        return seq;
    }

    /** Writes the row (persisting stores); returns the durability sequence, 0 when nothing was written. */
    private long journal(LeaseRow row) {
        if (journal == null) {
            return 0;
        }
        journal.sink().reset();
        LeaseRowWriter.append(journal.sink(), row);
        return journal.commit();
    }

    /**
     * Deletes the leases of a subnet (every lease for subnet 0), journalling them in batches of deletion rows.
     *
     * @return the number deleted
     */
    public long wipe(long subnetId) {
        long seq = 0;
        int deleted = 0;
        appendLock.lock();
        try {
            checkOpen();
            int[] slots = subnetId == 0 ? table.all()
                    : subnetId < 0 || subnetId > 0xffffffffL ? new int[0] : table.bySubnet((int) subnetId);
            LeaseRow row = new LeaseRow();
            for (int from = 0; from < slots.length; from += WIPE_BATCH) {
                int to = Math.min(slots.length, from + WIPE_BATCH);
                if (journal != null) {
                    journal.sink().reset();
                    for (int i = from; i < to; i++) {
                        table.read(slots[i], row).valid = 0;
                        LeaseRowWriter.append(journal.sink(), row);
                    }
                    seq = journal.commit();
                }
                writeLock.lock();
                try {
                    for (int i = from; i < to; i++) {
                        table.remove(slots[i]);
                    }
                } finally {
                    writeLock.unlock();
                }
                deleted = to;
            }
        } finally {
            appendLock.unlock();
        }
        awaitDurable(seq);
        return deleted;
    }

    private void awaitDurable(long seq) {
        if (seq > 0) {
            journal.awaitDurable(seq);
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * Runs a query under the read lock: concurrent with other readers, never waiting for file I/O.
     *
     * @throws IllegalStateException when closed
     */
    public <T> T read(Function<LeaseTable, T> query) {
        readLock.lock();
        try {
            checkOpen();
            return query.apply(table);
        } finally {
            readLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ files

    /**
     * Kea's rotation of the live file ({@link LeaseJournal#rotate}) under the append lock, between two changes.
     *
     * @return {@code false} (nothing done) when closed
     */
    public boolean rotate(LeaseFileSet files) throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return false;
            }
            journal.rotate(files);
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    /** fsyncs done by the journal (tests). */
    public long fsyncCount() {
        return journal == null ? 0 : journal.fsyncCount();
    }

    // ------------------------------------------------------------------------------------------------ closing

    public boolean isClosed() {
        return closed;
    }

    /** Throws {@link IllegalStateException} when closed. */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the lease store for " + name + " is closed");
        }
    }

    /**
     * Refuses every later change and query (waiting for a change in progress).
     *
     * @return {@code false} when already closed
     */
    public boolean close() {
        appendLock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    /** After {@link #close}: flushes and closes the journal, if any. */
    public void closeJournal() throws IOException {
        if (journal != null) {
            appendLock.lock();
            try {
                journal.close();
            } finally {
                appendLock.unlock();
            }
        }
    }
}
