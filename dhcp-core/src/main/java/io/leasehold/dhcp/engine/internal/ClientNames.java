package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.ClientFqdn;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.DdnsSettings;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.ddns.internal.DnsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Kea 2.2's client-name processing ({@code Dhcpv4Srv::processClientName} with {@code D2ClientMgr}'s flag and name
 * rules), decided for the subnet the address comes from:
 * <ul>
 *   <li>option 81 wins over option 12; the reply always carries option 81 when the client sent it, with S, N and O
 *       from the client's S and N, {@code ddns-override-no-update}, {@code ddns-override-client-update} and whether
 *       updates are enabled ({@code dhcp-ddns.enable-updates} and {@code ddns-send-updates}); E and the RCODEs are
 *       the client's; the name is fully qualified (a partial one gets {@code ddns-qualifying-suffix});</li>
 *   <li>a reservation's host name wins over the client's (qualified; lowered);</li>
 *   <li>option 12: one label is qualified with the suffix, more labels are kept; the reply carries option 12;
 *       without option 12, {@code ddns-replace-client-name} {@code always} or {@code when-not-present} supplies
 *       one;</li>
 *   <li>{@code ddns-replace-client-name} {@code always} / {@code when-present}, an empty or root name: the name is
 *       generated from the address ({@link ClientName#forAddress});</li>
 *   <li>{@code hostname-char-set} scrubs the client's name (label by label for option 81); names are lowered.</li>
 * </ul>
 * Any failure (malformed name, N and S both set) leaves no name and no option, as Kea's catch-all does.
 */
final class ClientNames {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ddns");

    private ClientNames() {
    }

    static ClientName decide(DhcpMessage q, Reservation reservation, SubnetRuntime s, boolean d2Enabled) {
        DdnsSettings d = s.subnet().settings().ddns();
        boolean updates = d2Enabled && d.sendUpdates();
        String reserved = reservation == null ? "" : reservation.hostname();
        try {
            if (q.hasOption(81)) {
                return fqdn(q.option(81), reserved, d, s.hostnames, updates);
            }
            return hostname(q, reserved, d, s.hostnames, updates);
        } catch (IllegalArgumentException e) {
            LOG.debug("LH_DDNS_CLIENT_NAME_FAILED xid 0x{}: client name not processed: {}",
                    Integer.toHexString(q.xid()), e.getMessage());
            return ClientName.NONE;
        }
    }

    private static ClientName fqdn(byte[] value, String reserved, DdnsSettings d, HostnameSanitizer sanitizer,
            boolean updates) {
        if (value.length < 3) {
            throw new IllegalArgumentException("option 81 shorter than 3 octets");
        }
        int clientFlags = value[0] & 0xff;
        boolean clientS = (clientFlags & ClientFqdn.FLAG_S) != 0;
        boolean clientN = (clientFlags & ClientFqdn.FLAG_N) != 0;
        boolean serverS;
        if (clientN && clientS) {
            throw new IllegalArgumentException("invalid client FQDN: N and S cannot both be 1");
        } else if (clientN) {
            serverS = updates && d.overrideNoUpdate();
        } else if (clientS) {
            serverS = updates;
        } else {
            serverS = updates && d.overrideClientUpdate();
        }
        boolean serverN = clientN || clientS ? !serverS : !updates;
        int flags = (serverS ? ClientFqdn.FLAG_S : 0) | (serverN ? ClientFqdn.FLAG_N : 0)
                | (clientS != serverS ? ClientFqdn.FLAG_O : 0) | (clientFlags & ClientFqdn.FLAG_E);
        String name;
        if (!reserved.isEmpty()) {
            name = DnsName.parse(ClientName.qualify(reserved, d.qualifyingSuffix(), true)).lowercase().toText(false);
        } else {
            name = clientFqdnName(value, clientFlags, d, sanitizer);
        }
        boolean forward = !serverN && serverS;
        boolean reverse = !serverN;
        return new ClientName(ClientName.Kind.FQDN, name, forward, reverse, flags, value[1] & 0xff,
                value[2] & 0xff);
    }

    /** D2ClientMgr::adjustDomainName: the client's name scrubbed label by label and fully qualified, or empty. */
    private static String clientFqdnName(byte[] value, int clientFlags, DdnsSettings d, HostnameSanitizer sanitizer) {
        String mode = d.replaceClientName();
        DnsName sent;
        boolean full;
        if (value.length == 3) {
            return "";
        }
        if ((clientFlags & ClientFqdn.FLAG_E) != 0) {
            full = value[value.length - 1] == 0;
            sent = DnsName.fromWire(value, 3, value.length - 3).lowercase();
        } else {
            String text = new String(value, 3, value.length - 3, StandardCharsets.ISO_8859_1);
            full = text.endsWith(".");
            sent = DnsName.parse(text).lowercase();
        }
        if ("always".equals(mode) || "when-present".equals(mode)) {
            return "";
        }
        String clientName = sent.toText(!full);
        if (sanitizer.active()) {
            clientName = joinScrubbed(DnsName.parse(clientName).toRawText() + ".", sanitizer);
        }
        String qualified = full ? clientName : ClientName.qualify(clientName, d.qualifyingSuffix(), true);
        return DnsName.parse(qualified).lowercase().toText(false);
    }

    private static String joinScrubbed(String raw, HostnameSanitizer sanitizer) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (String label : raw.split("\\.", -1)) {
            if (!first) {
                sb.append('.');
            }
            first = false;
            sb.append(sanitizer.scrub(label));
        }
        return sb.toString();
    }

    /** Dhcpv4Srv::processHostnameOption. */
    private static ClientName hostname(DhcpMessage q, String reserved, DdnsSettings d, HostnameSanitizer sanitizer,
            boolean updates) {
        if (!reserved.isEmpty()) {
            return ClientName.hostname(asciiLower(ClientName.qualify(reserved, d.qualifyingSuffix(), false)),
                    updates);
        }
        String mode = d.replaceClientName();
        if (!q.hasOption(12)) {
            if ("always".equals(mode) || "when-not-present".equals(mode)) {
                return ClientName.hostname("", updates);
            }
            return ClientName.NONE;
        }
        String sent = trim(trimNuls(new String(q.option(12), StandardCharsets.ISO_8859_1)));
        if (sent.isEmpty()) {
            return ClientName.NONE;
        }
        int labels = DnsName.parse(sent).labelCount();
        if ("always".equals(mode) || "when-present".equals(mode) || labels < 2) {
            return ClientName.hostname("", updates);
        }
        String name = asciiLower(sanitizer.scrub(sent));
        if (labels == 2) {
            name = ClientName.qualify(name, d.qualifyingSuffix(), false);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("host name empty after clean-up");
        }
        return ClientName.hostname(name, updates);
    }

    /** boost::to_lower in the C locale: ASCII letters only. */
    static String asciiLower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] += 32;
            }
        }
        return new String(c);
    }

    /** Kea's OptionString drops trailing NULs. */
    private static String trimNuls(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == 0) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Kea's str::trim: spaces, tabs, CR and LF at both ends. */
    private static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }
}
