package io.leasehold.dhcp.lease;

import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where leases live: the lease store SPI. Leasehold ships an in-memory store (in {@code dhcp-core}) and Kea's
 * memfile CSV store ({@code dhcp-store-memfile}); a user may plug in their own. Every implementation must pass the
 * contract suite {@code io.leasehold.dhcp.spi.tests.LeaseStoreContract} from the {@code dhcp-spi-tests} artifact.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The store is keyed by address: at most one lease per address, ever.</li>
 *   <li>All methods are safe to call from any number of threads. {@link #add} and the compare-and-set
 *       {@link #replace} are atomic: of two racing callers exactly one wins.</li>
 *   <li>When a mutating method returns, the change is durable as far as the implementation promises (the memfile
 *       store: written to the operating system), so the caller may answer the client.</li>
 *   <li>Queries return snapshots; a returned lease never changes.</li>
 *   <li>Address order is unsigned ({@link Integer#compareUnsigned}).</li>
 * </ul>
 */
public interface LeaseStore extends AutoCloseable {

    /**
     * Adds a lease for an address that has none.
     *
     * @return {@code false} (and changes nothing) when the address already has a lease
     */
    boolean add(Lease4 lease);

    /**
     * Replaces the lease of {@code lease.address()} whatever it currently is.
     *
     * @return {@code false} (and changes nothing) when the address has no lease
     */
    boolean update(Lease4 lease);

    /**
     * Compare-and-set: replaces the lease of the address only if the stored lease still equals {@code expected}.
     *
     * @return {@code false} (and changes nothing) when the stored lease differs or is gone
     * @throws IllegalArgumentException when the two leases are for different addresses
     */
    boolean replace(Lease4 expected, Lease4 replacement);

    /**
     * Stores each of {@code leases} unless the store holds a lease for its address whose {@code cltt} is not older:
     * the rule of an HA lease synchronisation, where a page fetched from the partner must never overwrite a newer
     * local lease (one the partner's lease update wrote meanwhile). Each lease is its own compare-and-set, as
     * {@link #add} and {@link #replace}; a store may write several at once (the memfile store writes a run of
     * leases in ascending address order with one write of its lease file). When the method returns, every stored
     * lease is as durable as a single write would be.
     *
     * <p>{@code changed} is called once per stored lease, in list order, with the lease it replaced ({@code null}
     * when it was added) and the stored lease, after that lease is durable. On an exception (an invalid lease, a
     * failed write) the leases before it may be stored and reported, the one that failed and those after it are
     * not; calling again with the same list is safe (what is stored is then not older, so it is kept).
     *
     * @return the number of leases stored
     */
    default int putAllIfNewer(List<Lease4> leases, BiConsumer<Lease4, Lease4> changed) {
        int stored = 0;
        for (Lease4 lease : leases) {
            for (int attempt = 0; ; attempt++) {
                Optional<Lease4> old = get(lease.address());
                if (old.isPresent()) {
                    if (old.get().cltt() >= lease.cltt()) {
                        break;
                    }
                    if (replace(old.get(), lease)) {
                        changed.accept(old.get(), lease);
                        stored++;
                        break;
                    }
                } else if (add(lease)) {
                    changed.accept(null, lease);
                    stored++;
                    break;
                }
                if (attempt == 15) {
                    throw new ConcurrentModificationException("the lease of "
                            + Ipv4.toString(lease.address())
                            + " changed under 16 attempts to store a newer copy");
                }
            }
        }
        return stored;
    }

    /**
     * Deletes the lease only if the stored lease still equals {@code expected}.
     *
     * @return {@code false} when the stored lease differs or is gone
     */
    boolean delete(Lease4 expected);

    /** Deletes the lease of an address, whatever it is; returns the deleted lease. */
    Optional<Lease4> delete(int address);

    /** The lease of an address. */
    Optional<Lease4> get(int address);

    /** All leases with this hardware address, in address order. */
    List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress);

    /** All leases with this client identifier, in address order. */
    List<Lease4> getByClientId(ClientId clientId);

    /**
     * The leases a client may own: all with this hardware address or this client identifier, each once, in address
     * order. Either may be {@code null} (then only the other is matched; both {@code null}: none). The engine asks
     * this for every DISCOVER and REQUEST, so a store on a database should answer it in one round trip; the default
     * asks {@link #getByClientId} and {@link #getByHardwareAddress}.
     */
    default List<Lease4> getByClient(HardwareAddress hardwareAddress, ClientId clientId) {
        List<Lease4> byId = clientId == null ? List.of() : getByClientId(clientId);
        List<Lease4> byHw = hardwareAddress == null ? List.of() : getByHardwareAddress(hardwareAddress);
        // Both lists are in address order already: most often one is empty (a new client has neither), and then the
        // other is the answer as it is.
        if (byHw.isEmpty()) {
            return byId;
        }
        if (byId.isEmpty()) {
            return byHw;
        }
        // A known client's leases carry both keys: byId holds them all then, and is the answer as it is.
        boolean more = false;
        for (int i = 0; i < byHw.size() && !more; i++) {
            more = !holdsAddress(byId, byHw.get(i).address());
        }
        if (!more) {
            return byId;
        }
        List<Lease4> out = new java.util.ArrayList<>(byId.size() + byHw.size());
        out.addAll(byId);
        for (Lease4 l : byHw) {
            if (!holdsAddress(byId, l.address())) {
                out.add(l);
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.address(), b.address()));
        return out;
    }

    /**
     * All leases whose host name equals {@code hostname} (exact, case-sensitive), in address order. The empty
     * string matches nothing (it is what a lease without a host name holds).
     */
    List<Lease4> getByHostname(String hostname);

    /** All leases of a subnet, in address order. */
    List<Lease4> getBySubnet(long subnetId);

    /**
     * Up to {@code limit} leases with addresses strictly greater than {@code afterAddress}, in address order. Pass
     * {@code 0} (0.0.0.0) for the first page; the last address of a page for the next.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<Lease4> getPage(int afterAddress, int limit);

    /**
     * Up to {@code limit} leases in state {@link LeaseState#DEFAULT} or {@link LeaseState#DECLINED} that expired at or
     * before {@code nowSeconds}, oldest expiry first (leases expiring in the same second in any order). Infinite
     * leases never appear.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    List<Lease4> getExpired(long nowSeconds, int limit);

    /** Number of leases in the store. */
    long size();

    /** Counts for one subnet, as Kea's statistics define them. */
    SubnetLeaseCounts countBySubnet(long subnetId);

    /**
     * Deletes every lease of a subnet ({@code 0}: of all subnets), as {@code lease4-wipe} does.
     *
     * @return the number of deleted leases
     */
    long wipe(long subnetId);

    /**
     * Releases files and threads. Closing again does nothing; every other method then fails with
     * {@link IllegalStateException}.
     */
    @Override
    void close();

    /**
     * Per-subnet counts: {@code assigned} is leases in state default plus declined (Kea's
     * {@code assigned-addresses}), {@code declined} those in state declined.
     */
    record SubnetLeaseCounts(long assigned, long declined) {
    }

    private static boolean holdsAddress(List<Lease4> leases, int address) {
        for (int i = 0; i < leases.size(); i++) {
            if (leases.get(i).address() == address) {
                return true;
            }
        }
        return false;
    }
}
