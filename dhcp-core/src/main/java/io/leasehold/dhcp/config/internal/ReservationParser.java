package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HostIdentifier;
import io.leasehold.dhcp.config.HostIdentifierType;
import io.leasehold.dhcp.config.Ipv4Prefix;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code reservations} of one subnet (or the global list): one identifier each, addresses inside the subnet, no
 * identifier twice and (with {@code ip-reservations-unique}) no address twice.
 */
final class ReservationParser {
    private static final int MAX_IDENTIFIER = 128;

    private ReservationParser() {
    }

    static List<Reservation> parse(MapReader owner, Optional<Ipv4Prefix> subnet, boolean ipUnique, ParseContext ctx)
            throws ConfigException {
        List<Reservation> out = new ArrayList<>();
        Map<HostIdentifier, Node> identifiers = new HashMap<>();
        Map<Integer, Node> addresses = new HashMap<>();
        for (Node entry : owner.list("reservations")) {
            MapReader m = MapReader.of(entry, "reservations entry");
            Node[] idNode = new Node[1];
            HostIdentifier id = identifier(m, idNode);
            Node previous = identifiers.putIfAbsent(id, idNode[0]);
            if (previous != null) {
                throw idNode[0].error("duplicate reservation for " + id + " (already reserved at " + previous.path()
                        + ")");
            }
            Node ipNode = m.get("ip-address");
            OptionalInt ip = OptionalInt.empty();
            if (ipNode != null) {
                int address = Values.ipv4(ipNode);
                if (address == 0) {
                    throw ipNode.error("must not reserve the address 0.0.0.0");
                }
                if (subnet.isPresent() && !subnet.get().contains(address)) {
                    throw ipNode.error("reserved address " + Ipv4.toString(address) + " is not inside subnet "
                            + subnet.get());
                }
                Node other = addresses.putIfAbsent(address, ipNode);
                if (other != null && ipUnique) {
                    throw ipNode.error("address " + Ipv4.toString(address) + " is already reserved at "
                            + other.path() + " (ip-reservations-unique is true)");
                }
                ip = OptionalInt.of(address);
            }
            Node nextServer = m.get("next-server");
            Reservation r = new Reservation(id, ip, m.string("hostname", ""),
                    nextServer == null ? 0 : Values.ipv4(nextServer), m.string("server-hostname", ""),
                    m.string("boot-file-name", ""), m.stringList("client-classes"), OptionDataParser.parse(m, ctx),
                    m.userContext());
            m.finish();
            out.add(r);
        }
        return out;
    }

    private static HostIdentifier identifier(MapReader m, Node[] nodeOut) throws ConfigException {
        HostIdentifierType found = null;
        Node foundNode = null;
        for (HostIdentifierType type : HostIdentifierType.values()) {
            Node n = m.get(type.keaName());
            if (n == null) {
                continue;
            }
            if (found != null) {
                throw n.error("a reservation takes one identifier: '" + found.keaName() + "' and '" + type.keaName()
                        + "' are both set");
            }
            found = type;
            foundNode = n;
        }
        if (found == null) {
            throw m.error("a reservation needs one of hw-address, duid, circuit-id, client-id, flex-id");
        }
        nodeOut[0] = foundNode;
        return HostIdentifier.of(found, identifierBytes(found, foundNode));
    }

    private static byte[] identifierBytes(HostIdentifierType type, Node node) throws ConfigException {
        String text = Values.string(node).trim();
        byte[] bytes;
        if ((type == HostIdentifierType.CIRCUIT_ID || type == HostIdentifierType.FLEX_ID) && text.length() >= 2
                && text.startsWith("'") && text.endsWith("'")) {
            bytes = text.substring(1, text.length() - 1).getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = HexText.parseFormatted(text);
            } catch (IllegalArgumentException e) {
                throw node.error("invalid " + type.keaName() + " '" + text + "'");
            }
        }
        int max = type == HostIdentifierType.HW_ADDRESS ? HardwareAddress.MAX_LENGTH : MAX_IDENTIFIER;
        if (bytes.length == 0 || bytes.length > max) {
            throw node.error(type.keaName() + " '" + text + "' must be 1.." + max + " bytes long");
        }
        return bytes;
    }
}
