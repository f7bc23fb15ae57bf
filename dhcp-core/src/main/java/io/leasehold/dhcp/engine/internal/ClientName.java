package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.ClientFqdn;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.DdnsSettings;
import io.leasehold.dhcp.ddns.internal.DnsName;
import io.leasehold.dhcp.lease.Ipv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The client-name decision for one reply, as Kea 2.2's {@code processClientName} leaves it: which option the reply
 * carries (81 or 12, or none), the name that goes into it and into the lease, and the lease's DNS flags. An empty
 * name under option 81 or 12 means "generate one from the address" ({@link #forAddress}).
 *
 * @param kind        which option the reply carries
 * @param hostname    the lease's host name: with option 81 a fully qualified name ending in a dot, with option 12
 *                    as sent back; empty to be generated
 * @param forward     the lease's {@code fqdn-fwd}
 * @param reverse     the lease's {@code fqdn-rev}
 * @param flags       option 81's flags in the reply (S, O, E, N)
 * @param rcode1      option 81's RCODE1 (Kea copies the client's)
 * @param rcode2      option 81's RCODE2
 */
record ClientName(Kind kind, String hostname, boolean forward, boolean reverse, int flags, int rcode1, int rcode2) {
    /** No name: the client sent neither option and no reservation or replace mode supplies one. */
    static final ClientName NONE = new ClientName(Kind.NONE, "", false, false, 0, 0, 0);

    enum Kind { NONE, FQDN, HOSTNAME }

    static ClientName hostname(String name, boolean updates) {
        return new ClientName(Kind.HOSTNAME, name, updates, updates, 0, 0, 0);
    }

    /** Kea's {@code postAllocateNameUpdate}: an empty name becomes prefix-a-b-c-d, qualified (a dot with option 81). */
    ClientName forAddress(int address, DdnsSettings d) {
        if (kind == Kind.NONE || !hostname.isEmpty()) {
            return this;
        }
        String generated = qualify(d.generatedPrefix() + "-" + Ipv4.toString(address).replace('.', '-'),
                d.qualifyingSuffix(), kind == Kind.FQDN);
        return new ClientName(kind, generated, forward, reverse, flags, rcode1, rcode2);
    }

    /** Kea's {@code D2ClientMgr::qualifyName}: appends the suffix (if any) and adds or removes the final dot. */
    static String qualify(String partial, String suffix, boolean trailingDot) {
        StringBuilder sb = new StringBuilder(partial);
        if (!suffix.isEmpty()) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '.') {
                sb.append('.');
            }
            sb.append(suffix);
        }
        int len = sb.length();
        if (trailingDot) {
            if (len > 0 && sb.charAt(len - 1) != '.') {
                sb.append('.');
            }
        } else if (len > 0 && sb.charAt(len - 1) == '.') {
            sb.setLength(len - 1);
        }
        return sb.toString();
    }

    /** Adds option 81 or 12 to a reply, as Kea encodes them. */
    void addTo(DhcpMessage.Builder b) {
        if (kind == Kind.HOSTNAME && !hostname.isEmpty()) {
            b.option(12, hostname.getBytes(StandardCharsets.ISO_8859_1));
        } else if (kind == Kind.FQDN) {
            b.option(81, fqdnValue());
        }
    }

    /** Option 81's value: flags, RCODEs, then the name in wire form (flag E) or as text, fully qualified. */
    byte[] fqdnValue() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.write(rcode1);
        out.write(rcode2);
        if (!hostname.isEmpty()) {
            DnsName n;
            try {
                n = DnsName.parse(hostname).lowercase();
            } catch (IllegalArgumentException e) {
                // Kea: a generated name its Name class refuses (an odd ddns-generated-prefix) is logged and the
                // reply keeps option 81 without it; the lease keeps the name.
                return out.toByteArray();
            }
            byte[] name = (flags & ClientFqdn.FLAG_E) != 0 ? n.toWire(false)
                    : n.toText(false).getBytes(StandardCharsets.ISO_8859_1);
            out.write(name, 0, name.length);
        }
        return out.toByteArray();
    }
}
