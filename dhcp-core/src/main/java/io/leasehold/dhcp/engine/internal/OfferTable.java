package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.Clock;

import java.util.concurrent.ConcurrentHashMap;

import org.jctools.maps.NonBlockingHashMapLong;

/**
 * Which client each outstanding offer was made to, so that a repeated DISCOVER gets the same address, the client's
 * REQUEST may commit it, and nobody else's may. The allocator holds the address itself; this table only remembers
 * the owner. Entries expire with the offer hold and are purged lazily and by {@link #purgeExpired()}.
 */
public final class OfferTable {
    /**
     * @param seen what the store held for the address when it was offered ({@link #NOT_READ}: not read then)
     */
    private record Offer(int address, long expiresNanos, Object seen) {
    }

    /** An offer made without reading the store for its address. */
    private static final Object NOT_READ = new Object();
    private static final Object NO_LEASE = new Object();

    private final ConcurrentHashMap<ClientKey, Offer> byClient = new ConcurrentHashMap<>();
    /** Address to the client it is offered to: primitive keys, so a lookup or claim boxes nothing. */
    private final NonBlockingHashMapLong<ClientKey> byAddress = new NonBlockingHashMapLong<>();
    private final Clock clock;
    private final long holdNanos;

    public OfferTable(Clock clock, long holdMillis) {
        this.clock = clock;
        this.holdNanos = holdMillis * 1_000_000L;
    }

    /**
     * Records an offer unless the address is currently offered to another client (atomic per address).
     *
     * @return false when another client holds an unexpired offer of the address
     */
    public boolean tryPut(ClientKey client, int address) {
        return tryPut(client, address, NOT_READ);
    }

    /**
     * As {@link #tryPut(ClientKey, int)}, remembering what the store held for the address when it was chosen
     * ({@code null}: no lease), so that the client's REQUEST can commit without reading it again.
     */
    public boolean tryPutSeen(ClientKey client, int address, Lease4 seen) {
        return tryPut(client, address, seen == null ? NO_LEASE : seen);
    }

    private boolean tryPut(ClientKey client, int address, Object seen) {
        long now = clock.nanoTime();
        // Claim the address: free, ours already, or another client's whose offer has lapsed (or moved on). The
        // conditional replace makes the claim atomic per address, as a compute would, without a lambda per call.
        while (true) {
            ClientKey owner = byAddress.putIfAbsent(address, client);
            if (owner == null || owner.equals(client)) {
                break;
            }
            Offer o = byClient.get(owner);
            if (o != null && o.address == address && o.expiresNanos - now >= 0) {
                return false;
            }
            if (byAddress.replace(address, owner, client)) {
                break;
            }
        }
        Offer old = byClient.get(client);
        Object keep = seen == NOT_READ && old != null && old.address == address ? old.seen : seen;
        old = byClient.put(client, new Offer(address, now + holdNanos, keep));
        if (old != null && old.address != address) {
            byAddress.remove(old.address, client);
        }
        return true;
    }

    /**
     * Whether the client's current offer is of {@code address} and recorded what the store held for it; then
     * {@link #seenLease} tells what.
     */
    public boolean hasSeen(ClientKey client, int address) {
        Offer o = byClient.get(client);
        return o != null && o.address == address && o.seen != NOT_READ && o.expiresNanos - clock.nanoTime() >= 0;
    }

    /** The lease the store held for the client's offered address when it was chosen, or null for none. */
    public Lease4 seenLease(ClientKey client) {
        Offer o = byClient.get(client);
        return o == null || !(o.seen instanceof Lease4 l) ? null : l;
    }

    /** Records an offer; returns the address previously offered to that client, or 0. */
    public int put(ClientKey client, int address) {
        Offer old = byClient.put(client, new Offer(address, clock.nanoTime() + holdNanos, NOT_READ));
        byAddress.put(address, client);
        if (old != null && old.address != address) {
            byAddress.remove(old.address, client);
            return old.address;
        }
        return 0;
    }

    /** The address currently offered to the client, or 0. */
    public int offeredTo(ClientKey client) {
        Offer o = byClient.get(client);
        if (o == null) {
            return 0;
        }
        if (o.expiresNanos - clock.nanoTime() < 0) {
            remove(client);
            return 0;
        }
        return o.address;
    }

    /** Whether the address is currently offered to a different client. */
    public boolean offeredToOther(int address, ClientKey client) {
        ClientKey owner = byAddress.get(address);
        if (owner == null || owner.equals(client)) {
            return false;
        }
        Offer o = byClient.get(owner);
        if (o == null || o.address != address || o.expiresNanos - clock.nanoTime() < 0) {
            byAddress.remove(address, owner);
            return false;
        }
        return true;
    }

    /** Forgets the client's offer; returns its address or 0. */
    public int remove(ClientKey client) {
        Offer o = byClient.remove(client);
        if (o == null) {
            return 0;
        }
        byAddress.remove(o.address, client);
        return o.address;
    }

    /** Drops expired entries. */
    public void purgeExpired() {
        long now = clock.nanoTime();
        byClient.entrySet().removeIf(e -> {
            if (e.getValue().expiresNanos - now < 0) {
                byAddress.remove(e.getValue().address, e.getKey());
                return true;
            }
            return false;
        });
    }

    public int size() {
        return byClient.size();
    }
}
