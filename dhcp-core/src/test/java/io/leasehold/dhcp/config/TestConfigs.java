package io.leasehold.dhcp.config;

import io.leasehold.dhcp.lease.Ipv4;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Helpers for the config tests: seed resources and short conversions. */
final class TestConfigs {
    static final String[] SEEDS = {"hot-standby-mserver-sserver.json", "kea-ha-load-balancing-mt-tls.json",
        "micetro-load-balancing-with-backup.json", "zaldua1zerb1.json", "zaldua1zerb2.json", "zaldua2zerb1.json"};

    private TestConfigs() {
    }

    static String seedText(String name) {
        try (InputStream in = TestConfigs.class.getResourceAsStream("/seeds/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /seeds/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeaConfig seed(String name) throws ConfigException {
        return KeaConfigLoader.parse(seedText(name), name);
    }

    static KeaConfig seed(String name, Overrides overrides) throws ConfigException {
        return KeaConfigLoader.parse(seedText(name), name, overrides);
    }

    /** Parses a Dhcp4 body: {@code {"Dhcp4": { body }}}. */
    static KeaConfig dhcp4(String body) throws ConfigException {
        return KeaConfigLoader.parse("{ \"Dhcp4\": { " + body + " } }", "test.conf");
    }

    static int ip(String text) {
        return Ipv4.parse(text);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
