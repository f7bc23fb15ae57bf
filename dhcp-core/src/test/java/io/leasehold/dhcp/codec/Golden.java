package io.leasehold.dhcp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The golden packets under src/test/resources/golden (see the README there). */
final class Golden {
    /** Every captured packet, by file name without {@code .hex}. */
    static final List<String> ALL = List.of(
            "dhclient-dora-discover-dhclient", "dhclient-dora-offer-kea", "dhclient-dora-request-dhclient",
            "dhclient-dora-ack-kea", "dhclient-reboot-request-dhclient", "dhclient-reboot-ack-kea",
            "dhclient-nak-request-dhclient", "dhclient-nak-nak-kea", "dhclient-nak-discover-dhclient",
            "dhclient-nak-offer-kea", "dhclient-nak-ack-kea", "dhclient-release-release-dhclient",
            "udhcpc-dora-discover-udhcpc", "udhcpc-dora-offer-kea", "udhcpc-dora-request-udhcpc",
            "udhcpc-dora-ack-kea", "perfdhcp-relay-discover-perfdhcp", "perfdhcp-relay-offer-kea",
            "perfdhcp-relay-request-perfdhcp", "perfdhcp-relay-ack-kea");

    private Golden() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden packet " + name);
            }
            return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        String s = hex.replaceAll("[\\s:]", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder(2 * b.length);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
