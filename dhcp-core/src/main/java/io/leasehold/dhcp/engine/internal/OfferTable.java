package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.time.Clock;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client each outstanding offer was made to, so that a repeated DISCOVER gets the same address, the client's
 * REQUEST may commit it, and nobody else's may. The allocator holds the address itself; this table only remembers
 * the owner. Entries expire with the offer hold and are purged lazily and by {@link #purgeExpired()}.
 */
public final class OfferTable {
    private record Offer(int address, long expiresNanos) {
    }

    private final ConcurrentHashMap<ClientKey, Offer> byClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ClientKey> byAddress = new ConcurrentHashMap<>();
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
        long now = clock.nanoTime();
        boolean[] ok = {true};
        byAddress.compute(address, (a, owner) -> {
            if (owner != null && !owner.equals(client)) {
                Offer o = byClient.get(owner);
                if (o != null && o.address == address && o.expiresNanos - now >= 0) {
                    ok[0] = false;
                    return owner;
                }
            }
            return client;
        });
        if (!ok[0]) {
            return false;
        }
        Offer old = byClient.put(client, new Offer(address, now + holdNanos));
        if (old != null && old.address != address) {
            byAddress.remove(old.address, client);
        }
        return true;
    }

    /** Records an offer; returns the address previously offered to that client, or 0. */
    public int put(ClientKey client, int address) {
        Offer old = byClient.put(client, new Offer(address, clock.nanoTime() + holdNanos));
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
