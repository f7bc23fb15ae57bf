package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Avoids deadlocks in Kea's statistics triggers. A change of a lease's subnet or state makes Kea's update trigger
 * decrement one {@code lease4_stat} row and increment another; two such changes in opposite directions, run at
 * once, lock the two rows in opposite orders and deadlock (the database then aborts one after its deadlock
 * timeout, a second by default in PostgreSQL). Such a change therefore runs as a transaction that locks the lease
 * row first, then both statistics rows in key order, then updates: every writer takes its locks lease first,
 * statistics in key order, so no cycle can form. Changes that keep subnet and state (renewals) touch no statistics
 * row and stay single statements.
 */
final class StatLocks {
    private static final String LOCK_LEASE = "SELECT subnet_id, state FROM lease4 WHERE address = ? FOR UPDATE";
    private static final String LOCK_STATS = "SELECT subnet_id, state FROM lease4_stat WHERE (subnet_id = ? AND"
            + " state = ?) OR (subnet_id = ? AND state = ?) ORDER BY subnet_id, state FOR UPDATE";

    private StatLocks() {
    }

    /** Whether going from (subnet, state) {@code a} to {@code b} makes Kea's trigger touch two statistics rows. */
    static boolean moves(long subnetA, long stateA, long subnetB, long stateB) {
        return (subnetA != subnetB || stateA != stateB) && counted(stateA) && counted(stateB);
    }

    static boolean moves(Lease4 from, Lease4 to) {
        return moves(from.subnetId(), from.state(), to.subnetId(), to.state());
    }

    private static boolean counted(long state) {
        return state == LeaseState.DEFAULT || state == LeaseState.DECLINED;
    }

    /**
     * In a transaction: locks the lease row; returns its (subnet, state), or null when there is none.
     */
    static long[] lockLease(Connection c, long address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_LEASE)) {
            ps.setLong(1, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    /** In a transaction, after {@link #lockLease}: locks the two statistics rows in key order. */
    static void lockStats(Connection c, long subnetA, long stateA, long subnetB, long stateB) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_STATS)) {
            ps.setLong(1, subnetA);
            ps.setLong(2, stateA);
            ps.setLong(3, subnetB);
            ps.setLong(4, stateB);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(1); // locked as read
                }
            }
        }
    }

    /** A transaction body. */
    @FunctionalInterface
    interface TxBody<T> {
        T run() throws SQLException;
    }

    /** Runs {@code body} in one transaction on {@code c}, committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(Connection c, TxBody<T> body) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = body.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
