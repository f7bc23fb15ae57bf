package io.leasehold.dhcp.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import org.junit.jupiter.api.Test;

/**
 * The identity cache hands the queries of one exchange (same xid) the same objects, and never an object whose
 * bytes differ from the query's: same xid with another address, another hardware type or client identifier, or
 * none, each gets its own.
 */
class IdentityCacheTest {
    private static final HardwareAddress MAC = HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 1});
    private static final ClientId CID = ClientId.of(new byte[] {1, 2, 0, 0, 0, 0, 1});

    private static DhcpMessage query(int xid, HardwareAddress hw, ClientId cid) {
        DhcpMessage.Builder b = DhcpMessage.builder().xid(xid).hardwareAddress(hw)
                .messageType(DhcpMessageType.DISCOVER);
        if (cid != null) {
            b.clientId(cid);
        }
        return b.build();
    }

    @Test
    void theQueriesOfOneExchangeShareTheirIdentityObjects() {
        IdentityCache cache = new IdentityCache();
        DhcpMessage discover = query(77, MAC, CID);
        DhcpMessage request = query(77, HardwareAddress.ethernet(MAC.toByteArray()), ClientId.of(CID.toByteArray()));
        HardwareAddress hw = cache.hardwareAddress(discover);
        ClientId cid = cache.clientId(discover);
        ClientKey key = cache.key(discover, hw, cid, true);
        assertEquals(MAC, hw);
        assertEquals(CID, cid);
        assertEquals(ClientKey.of(MAC, CID, true), key);
        assertSame(hw, cache.hardwareAddress(request));
        assertSame(cid, cache.clientId(request));
        assertSame(key, cache.key(request, hw, cid, true));
    }

    @Test
    void aQueryWithTheSameXidButOtherBytesGetsItsOwnIdentity() {
        IdentityCache cache = new IdentityCache();
        DhcpMessage first = query(5, MAC, CID);
        HardwareAddress hw = cache.hardwareAddress(first);
        ClientId cid = cache.clientId(first);
        cache.key(first, hw, cid, true);

        HardwareAddress otherMac = HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 2});
        DhcpMessage other = query(5, otherMac, ClientId.of(new byte[] {1, 2, 0, 0, 0, 0, 2}));
        HardwareAddress otherHw = cache.hardwareAddress(other);
        ClientId otherCid = cache.clientId(other);
        assertEquals(otherMac, otherHw);
        assertEquals(ClientId.of(new byte[] {1, 2, 0, 0, 0, 0, 2}), otherCid);
        ClientKey otherKey = cache.key(other, otherHw, otherCid, true);
        assertEquals(otherCid, otherKey.clientId());

        // same bytes, another hardware type: another address
        HardwareAddress token = HardwareAddress.of(6, MAC.toByteArray());
        assertEquals(token, cache.hardwareAddress(query(5, token, null)));
        // a shorter address that is a prefix of the cached one
        HardwareAddress shorter = HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0});
        assertEquals(shorter, cache.hardwareAddress(query(5, shorter, null)));
        // no client identifier: none, whatever the entry holds
        assertNull(cache.clientId(query(5, MAC, null)));
    }

    @Test
    void theKeyFollowsTheMatchClientIdRule() {
        IdentityCache cache = new IdentityCache();
        DhcpMessage q = query(9, MAC, CID);
        HardwareAddress hw = cache.hardwareAddress(q);
        ClientId cid = cache.clientId(q);
        ClientKey byId = cache.key(q, hw, cid, true);
        ClientKey byHw = cache.key(q, hw, cid, false);
        assertEquals(ClientKey.of(MAC, CID, true), byId);
        assertEquals(ClientKey.of(MAC, CID, false), byHw);
        assertNotSame(byId, byHw);
        assertEquals(ClientKey.of(MAC, CID, true), cache.key(q, hw, cid, true));
        // without a client identifier the key is the hardware address, even when the rule says client id
        DhcpMessage noCid = query(9, MAC, null);
        assertEquals(ClientKey.of(MAC, null, true), cache.key(noCid, cache.hardwareAddress(noCid), null, true));
    }
}
