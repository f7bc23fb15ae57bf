package io.leasehold.dhcp.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The real packets captured from Kea 2.2, dhclient, udhcpc and perfdhcp (copies of
 * {@code dhcp-core/src/test/resources/golden/}, see its README for how they were captured).
 */
final class GoldenPackets {
    private GoldenPackets() {
    }

    /** The UDP payload of {@code golden/<name>.hex}. */
    static byte[] load(String name) {
        try (InputStream in = GoldenPackets.class.getResourceAsStream("/golden/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no golden packet " + name);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offset of the value of the first option {@code code} (after the magic cookie), or -1. */
    static int optionValueOffset(byte[] p, int code) {
        int i = 240;
        while (i < p.length) {
            int c = p[i] & 0xff;
            if (c == 255) {
                return -1;
            }
            if (c == 0) {
                i++;
                continue;
            }
            if (c == code) {
                return i + 2;
            }
            i += 2 + (p[i + 1] & 0xff);
        }
        return -1;
    }
}
