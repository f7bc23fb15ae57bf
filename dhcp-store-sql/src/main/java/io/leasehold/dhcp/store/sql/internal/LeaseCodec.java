package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lease4 to and from a {@code lease4} row, column by column as Kea 2.2 writes and reads them: the address as an
 * unsigned 32-bit number, no hardware type (read back as Ethernet, as Kea does), {@code expire} = cltt + valid
 * lifetime except for infinite leases, whose expire is their cltt (Kea avoids the overflow this way). The pool id
 * of Kea 2.4+ has no column in the 2.2 schema and reads back as 0.
 */
final class LeaseCodec {
    /** Kea's largest storable expiry (DatabaseConnection::MAX_DB_TIME): 2038-01-19T03:14:07Z. */
    static final long MAX_DB_TIME = 0x7fffffffL;
    private static final byte[] EMPTY = new byte[0];

    private final Dialect dialect;
    private final Set<Integer> states;

    /**
     * @param states the states the database's {@code lease_state} table allows (Kea 2.2: 0, 1, 2)
     */
    LeaseCodec(Dialect dialect, Set<Integer> states) {
        this.dialect = dialect;
        this.states = Set.copyOf(states);
    }

    /** Kea's expire column value for a lease. */
    static long expireOf(Lease4 l) {
        return l.validLifetime() == Lease4.INFINITE_LIFETIME ? l.cltt() : l.cltt() + l.validLifetime();
    }

    /** Refuses what Kea's schema cannot hold, naming the lease, before anything is sent. */
    void check(Lease4 l) {
        long expire = expireOf(l);
        if (expire < 0 || expire > MAX_DB_TIME) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(l.address()) + ": expiry " + expire
                    + " is outside what Kea's SQL schema stores (0.." + MAX_DB_TIME + ", until 2038-01-19)");
        }
        if (!states.contains(l.state())) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(l.address()) + ": state " + l.state()
                    + " is not in this database's lease_state table " + new java.util.TreeSet<>(states)
                    + " (Kea 2.2's schema knows 0 default, 1 declined, 2 expired-reclaimed)");
        }
    }

    static long address(int address) {
        return Integer.toUnsignedLong(address);
    }

    /** Binds the ten value columns (hwaddr .. user_context) from {@code index}; returns the next index. */
    int bindValues(PreparedStatement ps, int index, Lease4 l) throws SQLException {
        int i = index;
        ps.setBytes(i++, l.hardwareAddress() == null ? EMPTY : l.hardwareAddress().toByteArray());
        if (l.clientId() == null && dialect.absentClientIdIsNull()) {
            ps.setNull(i++, Types.VARBINARY);
        } else {
            ps.setBytes(i++, l.clientId() == null ? EMPTY : l.clientId().toByteArray());
        }
        ps.setLong(i++, l.validLifetime());
        ps.setLong(i++, expireOf(l));
        ps.setLong(i++, l.subnetId());
        ps.setBoolean(i++, l.fqdnForward());
        ps.setBoolean(i++, l.fqdnReverse());
        ps.setString(i++, l.hostname());
        ps.setLong(i++, l.state());
        if (l.userContext() == null && dialect.absentUserContextIsNull()) {
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, l.userContext() == null ? "" : l.userContext());
        }
        return i;
    }

    /** Binds {@code Dialect#unchanged}: the expected lease as the row must still hold it; returns the next index. */
    int bindExpected(PreparedStatement ps, int index, Lease4 l) throws SQLException {
        int i = index;
        ps.setLong(i++, address(l.address()));
        ps.setBytes(i++, l.hardwareAddress() == null ? EMPTY : l.hardwareAddress().toByteArray());
        ps.setBytes(i++, l.clientId() == null ? EMPTY : l.clientId().toByteArray());
        ps.setLong(i++, l.validLifetime());
        ps.setLong(i++, expireOf(l));
        ps.setLong(i++, l.subnetId());
        ps.setBoolean(i++, l.fqdnForward());
        ps.setBoolean(i++, l.fqdnReverse());
        ps.setString(i++, l.hostname());
        ps.setLong(i++, l.state());
        ps.setString(i++, l.userContext() == null ? "" : l.userContext());
        return i;
    }

    /** The lease of the current row of a result of {@link Dialect#columns}. */
    Lease4 read(ResultSet rs) throws SQLException {
        int address = (int) rs.getLong(1);
        try {
            byte[] hw = rs.getBytes(2);
            byte[] cid = rs.getBytes(3);
            long valid = rs.getLong(4);
            long expire = rs.getLong(5);
            String hostname = rs.getString(9);
            String context = rs.getString(11);
            return Lease4.builder(address)
                    .hardwareAddress(hw == null || hw.length == 0 ? null : HardwareAddress.ethernet(hw))
                    .clientId(cid == null || cid.length == 0 ? null : ClientId.of(cid))
                    .validLifetime(valid)
                    .cltt(valid == Lease4.INFINITE_LIFETIME ? expire : expire - valid)
                    .subnetId(rs.getLong(6))
                    .fqdnForward(rs.getBoolean(7))
                    .fqdnReverse(rs.getBoolean(8))
                    .hostname(hostname == null ? "" : hostname)
                    .state((int) rs.getLong(10))
                    .userContext(context == null || context.isEmpty() ? null : context)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lease4 row " + Ipv4.toString(address) + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** Every row of the result. */
    List<Lease4> readAll(ResultSet rs) throws SQLException {
        List<Lease4> out = new ArrayList<>();
        while (rs.next()) {
            out.add(read(rs));
        }
        return out;
    }
}
