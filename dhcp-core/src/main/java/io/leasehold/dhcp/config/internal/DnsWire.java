package io.leasehold.dhcp.config.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Domain names in DNS wire format (uncompressed labels ending with the root label), as Kea's fqdn type writes. */
public final class DnsWire {
    private DnsWire() {
    }

    public static void write(String name, ByteArrayOutputStream out) {
        String text = name.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        if (text.equals(".")) {
            out.write(0);
            return;
        }
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        int total = 1;
        for (String label : text.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("empty label (duplicate period) in domain name '" + name + "'");
            }
            byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 63) {
                throw new IllegalArgumentException("label '" + label + "' is longer than 63 bytes");
            }
            total += bytes.length + 1;
            if (total > 255) {
                throw new IllegalArgumentException("domain name '" + name + "' is longer than 255 bytes");
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
    }
}
