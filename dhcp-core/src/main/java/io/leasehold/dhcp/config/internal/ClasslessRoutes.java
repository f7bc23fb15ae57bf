package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.lease.Ipv4;
import java.io.ByteArrayOutputStream;

/**
 * Option 121 (RFC 3442) from newer Kea's text form {@code "10.0.0.0/8 - 10.1.1.1, 192.168.0.0/16 - 10.1.1.2"}:
 * for each route the prefix length, the significant octets of the destination, then the router.
 */
public final class ClasslessRoutes {
    private ClasslessRoutes() {
    }

    public static byte[] encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String route : text.split(",")) {
            String r = route.trim();
            if (r.isEmpty()) {
                continue;
            }
            int slash = r.indexOf('/');
            int dash = r.indexOf('-', Math.max(slash, 0));
            if (slash < 0 || dash < 0) {
                throw new IllegalArgumentException("route '" + r + "' is not of the form prefix/length - router");
            }
            int destination = Ipv4.parse(r.substring(0, slash).trim());
            int length;
            try {
                length = Integer.parseInt(r.substring(slash + 1, dash).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("route '" + r + "' has an invalid prefix length");
            }
            if (length < 0 || length > 32) {
                throw new IllegalArgumentException("route '" + r + "' has prefix length outside 0..32");
            }
            int router = Ipv4.parse(r.substring(dash + 1).trim());
            out.write(length);
            int masked = destination & Ipv4.mask(length);
            for (int i = 0; i < (length + 7) / 8; i++) {
                out.write((masked >>> (24 - 8 * i)) & 0xff);
            }
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((router >>> shift) & 0xff);
            }
        }
        if (out.size() == 0) {
            throw new IllegalArgumentException("no route given");
        }
        return out.toByteArray();
    }
}
