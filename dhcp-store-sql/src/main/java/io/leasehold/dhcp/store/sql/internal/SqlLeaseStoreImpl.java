package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.store.sql.SqlLeaseStore;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link io.leasehold.dhcp.lease.LeaseStore} contract on Kea's {@code lease4} table. Every change is one
 * autocommitted statement: {@link #add} an INSERT that the primary key refuses for a taken address; {@link #replace}
 * and {@link #delete(Lease4)} carry the whole expected row in their WHERE clause, so of two servers racing on one
 * database exactly one wins. Counts come from Kea's {@code lease4_stat}, which Kea's triggers maintain.
 */
final class SqlLeaseStoreImpl implements SqlLeaseStore {
    private final SqlResources resources;
    private final Jdbc jdbc;
    private final Dialect d;
    private final LeaseCodec codec;
    private final BatchPut batchPut;
    private volatile boolean closed;

    SqlLeaseStoreImpl(SqlResources resources, LeaseCodec codec) {
        this.resources = resources;
        this.jdbc = resources.jdbc();
        this.d = jdbc.dialect();
        this.codec = codec;
        this.batchPut = new BatchPut(d, codec);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the lease store is closed");
        }
    }

    @Override
    public boolean add(Lease4 lease) {
        checkOpen();
        codec.check(lease);
        return jdbc.call("add " + Ipv4.toString(lease.address()), c -> {
            for (int attempt = 0; attempt < Jdbc.MAX_ATTEMPTS; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(d.insert)) {
                    ps.setLong(1, LeaseCodec.address(lease.address()));
                    codec.bindValues(ps, 2, lease);
                    ps.executeUpdate();
                    return true;
                } catch (SQLException e) {
                    if (!d.isDuplicateKey(e)) {
                        throw e;
                    }
                    if (exists(c, lease.address())) {
                        return false;
                    }
                    // The duplicate was Kea's lease4_stat row (two first leases of a subnet and state inserting it
                    // at once in the trigger), or the lease was deleted meanwhile: the insert may run again.
                }
            }
            throw new SqlStoreException("add " + Ipv4.toString(lease.address()) + ": the insert kept colliding");
        });
    }

    private boolean exists(Connection c, int address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.existsByAddress)) {
            ps.setLong(1, LeaseCodec.address(address));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public boolean update(Lease4 lease) {
        checkOpen();
        codec.check(lease);
        long address = LeaseCodec.address(lease.address());
        return jdbc.call("update " + Ipv4.toString(lease.address()), c -> StatLocks.inTransaction(c, () -> {
            long[] old = StatLocks.lockLease(c, address);
            if (old == null) {
                return false;
            }
            if (StatLocks.moves(old[0], old[1], lease.subnetId(), lease.state())) {
                StatLocks.lockStats(c, old[0], old[1], lease.subnetId(), lease.state());
            }
            try (PreparedStatement ps = c.prepareStatement(d.updateByAddress)) {
                int i = codec.bindValues(ps, 1, lease);
                ps.setLong(i, address);
                return ps.executeUpdate() == 1;
            }
        }));
    }

    @Override
    public boolean replace(Lease4 expected, Lease4 replacement) {
        checkOpen();
        if (expected.address() != replacement.address()) {
            throw new IllegalArgumentException("replace needs leases for one address, got "
                    + Ipv4.toString(expected.address()) + " and " + Ipv4.toString(replacement.address()));
        }
        codec.check(replacement);
        return jdbc.call("replace " + Ipv4.toString(expected.address()), c -> {
            if (!StatLocks.moves(expected, replacement)) {
                return replaceIfUnchanged(c, expected, replacement);
            }
            return StatLocks.inTransaction(c, () -> {
                if (StatLocks.lockLease(c, LeaseCodec.address(expected.address())) == null) {
                    return false;
                }
                StatLocks.lockStats(c, expected.subnetId(), expected.state(), replacement.subnetId(),
                        replacement.state());
                return replaceIfUnchanged(c, expected, replacement);
            });
        });
    }

    /** Runs of leases in one transaction each: see {@link BatchPut}. */
    @Override
    public int putAllIfNewer(List<Lease4> leases, java.util.function.BiConsumer<Lease4, Lease4> changed) {
        checkOpen();
        return batchPut.putAll(jdbc, leases, changed, SqlLeaseStore.super::putAllIfNewer);
    }

    private boolean replaceIfUnchanged(Connection c, Lease4 expected, Lease4 replacement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.replaceIfUnchanged)) {
            int i = codec.bindValues(ps, 1, replacement);
            codec.bindExpected(ps, i, expected);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public boolean delete(Lease4 expected) {
        checkOpen();
        return jdbc.call("delete " + Ipv4.toString(expected.address()), c -> deleteIfUnchanged(c, expected));
    }

    private boolean deleteIfUnchanged(Connection c, Lease4 expected) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.deleteIfUnchanged)) {
            codec.bindExpected(ps, 1, expected);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public Optional<Lease4> delete(int address) {
        checkOpen();
        return jdbc.call("delete " + Ipv4.toString(address), c -> {
            if (d.deleteReturning() != null) {
                try (PreparedStatement ps = c.prepareStatement(d.deleteReturning())) {
                    ps.setLong(1, LeaseCodec.address(address));
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(codec.read(rs)) : Optional.<Lease4>empty();
                    }
                }
            }
            for (int attempt = 0; attempt < Jdbc.MAX_ATTEMPTS; attempt++) {
                Optional<Lease4> current = select(c, address);
                if (current.isEmpty() || deleteIfUnchanged(c, current.get())) {
                    return current;
                }
            }
            throw new SqlStoreException("delete " + Ipv4.toString(address) + ": the lease kept changing");
        });
    }

    @Override
    public Optional<Lease4> get(int address) {
        checkOpen();
        return jdbc.call("get " + Ipv4.toString(address), c -> select(c, address));
    }

    private Optional<Lease4> select(Connection c, int address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.selectByAddress)) {
            ps.setLong(1, LeaseCodec.address(address));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(codec.read(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress) {
        checkOpen();
        if (hardwareAddress.length() == 0) {
            return List.of();
        }
        return query("get by hardware address", d.selectByHardwareAddress,
                ps -> ps.setBytes(1, hardwareAddress.toByteArray()));
    }

    @Override
    public List<Lease4> getByClientId(ClientId clientId) {
        checkOpen();
        return query("get by client id", d.selectByClientId, ps -> ps.setBytes(1, clientId.toByteArray()));
    }

    /** One round trip for both of the client's identities (the engine asks for every DISCOVER and REQUEST). */
    @Override
    public List<Lease4> getByClient(HardwareAddress hardwareAddress, ClientId clientId) {
        checkOpen();
        if (hardwareAddress == null || hardwareAddress.length() == 0) {
            return clientId == null ? List.of() : getByClientId(clientId);
        }
        if (clientId == null) {
            return getByHardwareAddress(hardwareAddress);
        }
        List<Lease4> both = query("get by client", d.selectByClient, ps -> {
            ps.setBytes(1, hardwareAddress.toByteArray());
            ps.setBytes(2, clientId.toByteArray());
        });
        if (both.size() < 2) {
            return both;
        }
        List<Lease4> sorted = new java.util.ArrayList<>(both);
        sorted.sort((a, b) -> Integer.compareUnsigned(a.address(), b.address()));
        List<Lease4> out = new java.util.ArrayList<>(sorted.size());
        for (Lease4 l : sorted) {
            if (out.isEmpty() || out.get(out.size() - 1).address() != l.address()) {
                out.add(l); // a lease matching both identities comes once
            }
        }
        return out;
    }

    @Override
    public List<Lease4> getByHostname(String hostname) {
        checkOpen();
        if (hostname.isEmpty()) {
            return List.of();
        }
        List<Lease4> found = query("get by hostname", d.selectByHostname(), ps -> d.bindHostname(ps, hostname));
        return found.stream().filter(l -> l.hostname().equals(hostname)).toList();
    }

    @Override
    public List<Lease4> getBySubnet(long subnetId) {
        checkOpen();
        return query("get by subnet", d.selectBySubnet, ps -> ps.setLong(1, subnetId));
    }

    @Override
    public List<Lease4> getPage(int afterAddress, int limit) {
        checkOpen();
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        return query("get page", d.selectPage, ps -> {
            ps.setLong(1, LeaseCodec.address(afterAddress));
            ps.setInt(2, limit);
        });
    }

    @Override
    public List<Lease4> getExpired(long nowSeconds, int limit) {
        checkOpen();
        if (limit <= 0) {
            throw new IllegalArgumentException("expired lease limit must be positive, got " + limit);
        }
        // Nothing stored expires after MAX_DB_TIME, and the databases cannot convert much later times.
        long now = Math.min(nowSeconds, LeaseCodec.MAX_DB_TIME);
        return query("get expired", d.selectExpired(), ps -> d.bindExpired(ps, now, limit));
    }

    /**
     * The addresses from {@code first} to {@code last} (unsigned, inclusive) that hold a lease in state default or
     * declined, expired or not, ascending; at most {@code limit}. One range scan of the primary key.
     */
    int[] heldAddresses(int first, int last, int limit) {
        checkOpen();
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return jdbc.call("held addresses " + Ipv4.toString(first) + " - " + Ipv4.toString(last), c -> {
            try (PreparedStatement ps = c.prepareStatement(d.selectHeldAddresses)) {
                ps.setLong(1, LeaseCodec.address(first));
                ps.setLong(2, LeaseCodec.address(last));
                ps.setInt(3, limit);
                int[] out = new int[Math.min(limit, 64)];
                int n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n == out.length) {
                            out = java.util.Arrays.copyOf(out, Math.min(limit, out.length * 2));
                        }
                        out[n++] = (int) rs.getLong(1);
                    }
                }
                return java.util.Arrays.copyOf(out, n);
            }
        });
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Lease4> query(String operation, String sql, Binder binder) {
        return jdbc.call(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return codec.readAll(rs);
                }
            }
        });
    }

    @Override
    public long size() {
        checkOpen();
        return jdbc.call("count", c -> {
            try (PreparedStatement ps = c.prepareStatement(d.count); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public SubnetLeaseCounts countBySubnet(long subnetId) {
        checkOpen();
        return jdbc.call("count subnet " + subnetId, c -> {
            long assigned = 0;
            long declined = 0;
            try (PreparedStatement ps = c.prepareStatement(d.subnetStats)) {
                ps.setLong(1, subnetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long state = rs.getLong(1);
                        long leases = Math.max(0, rs.getLong(2));
                        if (state == LeaseState.DEFAULT || state == LeaseState.DECLINED) {
                            assigned += leases;
                        }
                        if (state == LeaseState.DECLINED) {
                            declined += leases;
                        }
                    }
                }
            }
            return new SubnetLeaseCounts(assigned, declined);
        });
    }

    @Override
    public long wipe(long subnetId) {
        checkOpen();
        return jdbc.call("wipe subnet " + subnetId, c -> {
            try (PreparedStatement ps = c.prepareStatement(subnetId == 0 ? d.wipeAll : d.wipeSubnet)) {
                if (subnetId != 0) {
                    ps.setLong(1, subnetId);
                }
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public String type() {
        return d.type();
    }

    @Override
    public String schemaVersion() {
        return resources.schemaVersion();
    }

    @Override
    public ConnectionState connectionState() {
        return resources.monitor().state();
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        resources.monitor().addListener(listener);
    }

    @Override
    public Map<String, Object> status() {
        return resources.status();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        resources.close();
    }

    @Override
    public String toString() {
        return "SqlLeaseStore[" + resources.label() + "]";
    }
}
