package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.lease.Lease4;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link io.leasehold.dhcp.lease.LeaseStore#putAllIfNewer} for a run of leases in one transaction, instead of a
 * read and a write round trip per lease (an HA synchronisation stores its partner's leases a page at a time).
 *
 * <p>Algorithm, per run of at most {@link #RUN} leases:
 * <ol>
 *   <li>lock the rows the run's addresses have ({@code SELECT ... FOR UPDATE}, in address order, as every writer
 *       here locks lease rows before statistics rows);</li>
 *   <li>decide in list order against what is stored, each decision seeing the ones before it (so an address listed
 *       twice is stored twice if each copy is newer): keep the stored lease when its {@code cltt} is not older;</li>
 *   <li>lock the {@code lease4_stat} rows that Kea's triggers will change, in key order (see {@link StatLocks});</li>
 *   <li>write each address's final lease: one JDBC batch of INSERTs for addresses without a row, one of UPDATEs
 *       for the others (the row locks make the plain update safe);</li>
 *   <li>commit. A deadlock or a serialization failure rolls the run back and {@link Jdbc} runs it again from the
 *       SELECT; a duplicate key (an address someone inserted after the SELECT) rolls it back and the run is stored
 *       one lease at a time instead, each a compare-and-set, which a stream of concurrent inserts cannot starve.</li>
 * </ol>
 * The decisions are returned after the commit, so a caller reports only durable leases.
 */
final class BatchPut {
    /** Leases per transaction: short enough to hold row locks briefly, long enough to amortise the round trips. */
    static final int RUN = 256;

    private final Dialect d;
    private final LeaseCodec codec;

    BatchPut(Dialect dialect, LeaseCodec codec) {
        this.d = dialect;
        this.codec = codec;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");

    /** Tests only: runs after a run's locking read, to insert a row into the run's addresses as a racing writer. */
    static volatile Runnable afterLockingRead;

    /** The store's own one-lease-at-a-time path (the SPI's default), for a run that met a concurrent insert. */
    @FunctionalInterface
    interface OneByOne {
        int putAllIfNewer(List<Lease4> leases, java.util.function.BiConsumer<Lease4, Lease4> changed);
    }

    /** One stored lease: what it replaced ({@code null}: added) and the lease. */
    record Step(Lease4 before, Lease4 after) {
    }

    /**
     * The store's {@code putAllIfNewer}: runs of {@link #RUN} leases, each one transaction of {@link #store}, with a
     * deadlock or duplicate key rerun by {@link Jdbc}. A run with an invalid lease is refused whole, before anything
     * of it is written (the contract allows that: the leases before the bad one <em>may</em> be stored). Every
     * stored lease is reported after its run's commit, even if a callback throws (the first throw is rethrown then).
     */
    int putAll(Jdbc jdbc, List<Lease4> leases, java.util.function.BiConsumer<Lease4, Lease4> changed,
               OneByOne oneByOne) {
        int stored = 0;
        for (int from = 0; from < leases.size(); from += RUN) {
            List<Lease4> run = leases.subList(from, Math.min(leases.size(), from + RUN));
            for (Lease4 l : run) {
                codec.check(l);
            }
            List<Step> steps = jdbc.call("store " + run.size() + " leases if newer", c -> {
                try {
                    return readCommitted(c, () -> StatLocks.inTransaction(c, () -> store(c, run)));
                } catch (SQLException e) {
                    if (d.isDuplicateKey(e)) {
                        return null; // rolled back: see below
                    }
                    throw e;
                }
            });
            if (steps == null) {
                // Someone inserted one of the run's addresses after its locking read (a live lease update of the
                // partner, most likely: PostgreSQL cannot lock a row that does not exist yet). Running the batch
                // again can meet the next such insert, and the next; one compare-and-set per lease cannot.
                LOG.debug("LH_SQL_BATCH_ONE_BY_ONE {} leases from {} stored one at a time after a concurrent insert",
                        run.size(), io.leasehold.dhcp.lease.Ipv4.toString(run.get(0).address()));
                stored += oneByOne.putAllIfNewer(run, changed);
                continue;
            }
            RuntimeException failed = null;
            for (Step s : steps) {
                stored++;
                try {
                    changed.accept(s.before(), s.after());
                } catch (RuntimeException e) {
                    // every durable lease of the run is still reported; the first failure is rethrown after
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
        return stored;
    }

    /**
     * Runs {@code body} at READ COMMITTED (PostgreSQL's default; InnoDB's is REPEATABLE READ, under which a locking
     * read of an address range also locks the gaps in it and so blocks, and deadlocks with, inserts of other
     * addresses there), restoring the connection's level afterwards.
     */
    private static <T> T readCommitted(Connection c, StatLocks.TxBody<T> body) throws SQLException {
        int level = c.getTransactionIsolation();
        if (level == Connection.TRANSACTION_READ_COMMITTED) {
            return body.run();
        }
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
            return body.run();
        } finally {
            c.setTransactionIsolation(level);
        }
    }

    /** Runs in a transaction on {@code c}: stores what is newer of {@code run}; answers the steps in list order. */
    List<Step> store(Connection c, List<Lease4> run) throws SQLException {
        TreeSet<Integer> addresses = new TreeSet<>(Integer::compareUnsigned);
        for (Lease4 l : run) {
            addresses.add(l.address());
        }
        Map<Integer, Lease4> stored = lockRows(c, addresses);
        Runnable hook = afterLockingRead;
        if (hook != null) {
            hook.run();
        }
        Map<Integer, Lease4> current = new HashMap<>(stored);
        List<Step> steps = new ArrayList<>();
        TreeMap<Integer, Lease4> writes = new TreeMap<>(Integer::compareUnsigned);
        for (Lease4 l : run) {
            Lease4 cur = current.get(l.address());
            if (cur != null && cur.cltt() >= l.cltt()) {
                continue;
            }
            steps.add(new Step(cur, l));
            current.put(l.address(), l);
            writes.put(l.address(), l);
        }
        if (writes.isEmpty()) {
            return steps;
        }
        lockStats(c, stored, writes);
        write(c, stored, writes);
        return steps;
    }

    /**
     * Addresses closer than this to the previous one of a run share one range of the lock query: a page of a partner's
     * leases is mostly consecutive addresses, so a run is usually one range.
     */
    static final long RANGE_GAP = 1024;

    /**
     * Locks and reads the run's rows. The query asks for ranges of addresses ({@code BETWEEN}), not a list of 256
     * ({@code IN}): in a table the planner has no statistics for yet (a fresh database being filled by its first
     * synchronisation) PostgreSQL estimates a long IN list to match most of the table and scans all of it, once
     * per run, while a primary-key range stays an index scan. Rows of a range that are not the run's are left out
     * here (and stay locked until the commit, a few milliseconds).
     */
    private Map<Integer, Lease4> lockRows(Connection c, TreeSet<Integer> addresses) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        long[] open = null;
        for (int a : addresses) {
            long v = LeaseCodec.address(a);
            if (open != null && v - open[1] < RANGE_GAP) {
                open[1] = v;
            } else {
                open = new long[] {v, v};
                ranges.add(open);
            }
        }
        // Statement texts come in a few sizes (the range count rounded up to a power of two, the last range
        // repeated), so the drivers' prepared-statement caches keep a handful of them, not one per run.
        int slots = slots(ranges.size());
        StringBuilder sql = new StringBuilder("SELECT ").append(d.columns).append(" FROM lease4 WHERE ");
        for (int i = 0; i < slots; i++) {
            sql.append(i == 0 ? "" : " OR ").append("address BETWEEN ? AND ?");
        }
        sql.append(" ORDER BY address FOR UPDATE");
        Map<Integer, Lease4> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int k = 0; k < slots; k++) {
                long[] r = ranges.get(Math.min(k, ranges.size() - 1));
                ps.setLong(i++, r[0]);
                ps.setLong(i++, r[1]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Only the run's rows are decoded: a row the codec cannot read (a lease Kea wrote with a
                    // hardware address Leasehold refuses, say) must not fail the runs whose ranges merely span it.
                    int address = (int) rs.getLong(1);
                    if (addresses.contains(address)) {
                        stored.put(address, codec.read(rs));
                    }
                }
            }
        }
        return stored;
    }

    /** Locks, in key order, every statistics row the triggers will touch for these writes. */
    private static void lockStats(Connection c, Map<Integer, Lease4> stored, Map<Integer, Lease4> writes)
            throws SQLException {
        TreeSet<long[]> keys = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (Lease4 w : writes.values()) {
            Lease4 old = stored.get(w.address());
            if (old == null) {
                keys.add(new long[] {w.subnetId(), w.state()});
            } else if (StatLocks.moves(old, w)) {
                keys.add(new long[] {old.subnetId(), old.state()});
                keys.add(new long[] {w.subnetId(), w.state()});
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        int slots = slots(keys.size());
        StringBuilder sql = new StringBuilder("SELECT subnet_id, state FROM lease4_stat WHERE ");
        for (int i = 0; i < slots; i++) {
            sql.append(i == 0 ? "" : " OR ").append("(subnet_id = ? AND state = ?)");
        }
        sql.append(" ORDER BY subnet_id, state FOR UPDATE");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            long[] last = keys.last();
            java.util.Iterator<long[]> it = keys.iterator();
            for (int s = 0; s < slots; s++) {
                long[] k = it.hasNext() ? it.next() : last;
                ps.setLong(i++, k[0]);
                ps.setLong(i++, k[1]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(1); // locked as read
                }
            }
        }
    }

    /** {@code n} rounded up to a power of two. */
    static int slots(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    private void write(Connection c, Map<Integer, Lease4> stored, Map<Integer, Lease4> writes) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(d.insert);
             PreparedStatement update = c.prepareStatement(d.updateByAddress)) {
            int inserts = 0;
            int updates = 0;
            for (Lease4 w : writes.values()) {
                long address = LeaseCodec.address(w.address());
                if (stored.containsKey(w.address())) {
                    int i = codec.bindValues(update, 1, w);
                    update.setLong(i, address);
                    update.addBatch();
                    updates++;
                } else {
                    insert.setLong(1, address);
                    codec.bindValues(insert, 2, w);
                    insert.addBatch();
                    inserts++;
                }
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
            if (updates > 0) {
                for (int n : update.executeBatch()) {
                    if (n == 0) {
                        // The row was locked by the SELECT: only a database that ignored the lock gets here.
                        throw new SQLException("a locked lease row vanished during a batched update", "40001");
                    }
                }
            }
        }
    }
}
