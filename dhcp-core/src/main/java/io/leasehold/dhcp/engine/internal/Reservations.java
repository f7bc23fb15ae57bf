package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.config.HostIdentifier;
import io.leasehold.dhcp.config.HostIdentifierType;
import io.leasehold.dhcp.config.Reservation;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Host reservations of one scope (a subnet, or global), indexed by identifier and by address. */
public final class Reservations {
    static final Reservations EMPTY = new Reservations(List.of());

    private final Map<HostIdentifier, Reservation> byIdentifier = new HashMap<>();
    private final Map<Integer, Reservation> byAddress = new HashMap<>();

    Reservations(List<Reservation> list) {
        for (Reservation r : list) {
            byIdentifier.put(r.identifier(), r);
            r.ipAddress().ifPresent(a -> byAddress.put(a, r));
        }
    }

    boolean isEmpty() {
        return byIdentifier.isEmpty();
    }

    Reservation byAddress(int address) {
        return byAddress.isEmpty() ? null : byAddress.get(address); // no boxing without reservations
    }

    Iterable<Integer> addresses() {
        return byAddress.keySet();
    }

    /** The client's reservation, trying identifier types in {@code host-reservation-identifiers} order. */
    Reservation find(DhcpMessage query, List<HostIdentifierType> order) {
        if (byIdentifier.isEmpty()) {
            return null;
        }
        for (HostIdentifierType t : order) {
            byte[] id = identifier(query, t);
            if (id != null && id.length > 0) {
                Reservation r = byIdentifier.get(HostIdentifier.of(t, id));
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The bytes of a host identifier of the given type carried by the query, or null. */
    static byte[] identifier(DhcpMessage query, HostIdentifierType type) {
        switch (type) {
            case HW_ADDRESS:
                return query.hlen() == 0 ? null : query.hardwareAddress().toByteArray();
            case CLIENT_ID:
                return query.option(61);
            case DUID: {
                // RFC 4361: type 255, 4-byte IAID, then the DUID.
                byte[] cid = query.option(61);
                return cid != null && cid.length > 5 && (cid[0] & 0xff) == 255 ? Arrays.copyOfRange(cid, 5, cid.length)
                        : null;
            }
            case CIRCUIT_ID: {
                RelayAgentInfo rai = query.relayAgentInfo();
                return rai == null ? null : rai.circuitId();
            }
            default:
                return null;
        }
    }
}
