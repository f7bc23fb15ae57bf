package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;

import java.util.Objects;

/**
 * A client's identity for offers and in-flight serialisation: its client identifier when it sent one (and
 * {@code match-client-id} is on), else its hardware address.
 */
public record ClientKey(ClientId clientId, HardwareAddress hardwareAddress) {

    public static ClientKey of(HardwareAddress hw, ClientId cid, boolean matchClientId) {
        return matchClientId && cid != null ? new ClientKey(cid, null) : new ClientKey(null, hw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientKey k && Objects.equals(k.clientId, clientId)
                && Objects.equals(k.hardwareAddress, hardwareAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(clientId) * 31 + Objects.hashCode(hardwareAddress);
    }
}
