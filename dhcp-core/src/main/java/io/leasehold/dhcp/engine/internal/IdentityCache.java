package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;

/**
 * The identities of recent queries, so that the packets of one exchange share one {@link HardwareAddress},
 * {@link ClientId} and {@link ClientKey} instead of each making its own: a client's REQUEST carries the xid of its
 * DISCOVER (RFC 2131 §4.4.1), and the pipeline, the engine and both queries all read the same identity.
 *
 * <p>Direct-mapped by xid, {@value #SIZE} entries; an entry is handed out only when its bytes equal the query's,
 * compared in place, so a collision or a stale entry costs a new object, never a wrong one. The arrays are read and
 * written without synchronization: the entries are immutable objects with final fields, which any thread may see
 * in full once it sees the reference, and a lost write only costs a miss.
 */
public final class IdentityCache {
    private static final int SIZE = 1024;
    /** One cache for the process: identities are values, whichever engine or server reads them. */
    public static final IdentityCache SHARED = new IdentityCache();

    private final HardwareAddress[] hardwareAddresses = new HardwareAddress[SIZE];
    private final ClientId[] clientIds = new ClientId[SIZE];
    private final ClientKey[] keys = new ClientKey[SIZE];

    private static int slot(DhcpMessage query) {
        int h = query.xid() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & (SIZE - 1);
    }

    /** The query's hardware address ({@code null} when {@code hlen} is 0), shared with earlier queries. */
    public HardwareAddress hardwareAddress(DhcpMessage query) {
        if (query.hlen() == 0) {
            return null;
        }
        int i = slot(query);
        HardwareAddress cached = hardwareAddresses[i];
        HardwareAddress hw = query.hardwareAddress(cached);
        if (hw != cached) {
            hardwareAddresses[i] = hw;
        }
        return hw;
    }

    /** The query's client identifier, or {@code null}, shared with earlier queries. */
    public ClientId clientId(DhcpMessage query) {
        int i = slot(query);
        ClientId cached = clientIds[i];
        ClientId cid = query.clientId(cached);
        if (cid != null && cid != cached) {
            clientIds[i] = cid;
        }
        return cid;
    }

    /**
     * {@link ClientKey#of} for the query's identity as returned by this cache (compared by reference: the same
     * objects give the same key object).
     */
    public ClientKey key(DhcpMessage query, HardwareAddress hw, ClientId cid, boolean matchClientId) {
        int i = slot(query);
        ClientKey cached = keys[i];
        boolean byId = matchClientId && cid != null;
        if (cached != null && (byId ? cached.clientId() == cid
                : cached.clientId() == null && cached.hardwareAddress() == hw)) {
            return cached;
        }
        ClientKey key = ClientKey.of(hw, cid, matchClientId);
        keys[i] = key;
        return key;
    }
}
