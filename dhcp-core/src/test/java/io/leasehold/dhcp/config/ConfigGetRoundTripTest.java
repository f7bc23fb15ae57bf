package io.leasehold.dhcp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasehold.dhcp.config.internal.ConfigRenderer;
import io.leasehold.dhcp.control.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * config-get's answer fed back through config-test/config-set (the same parser, {@link KeaConfigLoader#parse}) is
 * accepted and configures the same server: the model that comes back equals the one rendered, and rendering it again
 * gives the same answer. For the test seeds, dhcp-examples' seeds, the broken-variant base, Kea's sample and a
 * configuration that sets (nearly) every key to something other than its default.
 */
class ConfigGetRoundTripTest {
    /** Nearly every key Leasehold reads, set to something other than its default. */
    static final String EVERYTHING = """
            { "Dhcp4": {
                "comment": "all keys",
                "interfaces-config": { "interfaces": [ "eth0", "eth1/192.0.2.1" ], "dhcp-socket-type": "udp",
                    "outbound-interface": "use-routing", "re-detect": false, "service-sockets-require-all": true,
                    "service-sockets-max-retries": 3, "service-sockets-retry-wait-time": 1000,
                    "user-context": { "site": "lab" } },
                "control-sockets": [
                  { "socket-type": "unix", "socket-name": "/run/k.sock" },
                  { "socket-type": "http", "socket-port": 8004,
                    "authentication": { "type": "basic", "realm": "kea", "clients": [
                        { "user": "admin", "password": "1234", "comment": "ops" } ] },
                    "http-headers": [ { "name": "Strict-Transport-Security", "value": "max-age=31536000" } ] },
                  { "socket-type": "https", "socket-address": "::1", "trust-anchor": "/ca.pem",
                    "cert-file": "/c.pem", "key-file": "/k.pem", "cert-required": false } ],
                "lease-database": { "type": "postgresql", "name": "kea", "host": "db.example", "port": 5433,
                    "user": "kea", "password": "secret", "connect-timeout": 10, "max-reconnect-tries": 5,
                    "reconnect-wait-time": 2000, "on-fail": "serve-retry-continue", "tcp-user-timeout": 30 },
                "multi-threading": { "enable-multi-threading": false, "thread-pool-size": 4, "packet-queue-size": 16 },
                "expired-leases-processing": { "reclaim-timer-wait-time": 5, "flush-reclaimed-timer-wait-time": 20,
                    "hold-reclaimed-time": 1800, "max-reclaim-leases": 50, "max-reclaim-time": 100,
                    "unwarned-reclaim-cycles": 3 },
                "dhcp-queue-control": { "enable-queue": false, "queue-type": "kea-ring4", "capacity": 32 },
                "dhcp-ddns": { "enable-updates": true, "server-ip": "192.0.2.53", "server-port": 53002,
                    "sender-ip": "192.0.2.1", "sender-port": 5300, "max-queue-size": 100, "ncr-protocol": "UDP",
                    "ncr-format": "JSON" },
                "sanity-checks": { "lease-checks": "fix-del", "extended-info-checks": "strict" },
                "compatibility": { "lenient-option-parsing": true, "ignore-rai-link-selection": true },
                "decline-probation-period": 600, "echo-client-id": false,
                "host-reservation-identifiers": [ "client-id", "hw-address", "circuit-id", "duid", "flex-id" ],
                "server-tag": "lab", "parked-packet-limit": 128,
                "statistic-default-sample-count": 10, "statistic-default-sample-age": 60,
                "ip-reservations-unique": false, "reservations-lookup-first": true,
                "early-global-reservations-lookup": true,
                "valid-lifetime": 3600, "min-valid-lifetime": 1800, "max-valid-lifetime": 7200,
                "renew-timer": 900, "rebind-timer": 1800, "calculate-tee-times": true, "t1-percent": 0.4,
                "t2-percent": 0.7, "match-client-id": false, "authoritative": true, "next-server": "192.0.2.2",
                "server-hostname": "boot", "boot-file-name": "pxe.0", "reservations-global": true,
                "reservations-in-subnet": true, "reservations-out-of-pool": true, "cache-threshold": 0.25,
                "cache-max-age": 600, "store-extended-info": true, "hostname-char-set": "[^a-z]",
                "hostname-char-replacement": "x", "allocator": "random",
                "ddns-send-updates": false, "ddns-override-no-update": true, "ddns-override-client-update": true,
                "ddns-replace-client-name": "always", "ddns-generated-prefix": "h", "ddns-qualifying-suffix": "lab.",
                "ddns-update-on-renew": true, "ddns-use-conflict-resolution": false,
                "ddns-conflict-resolution-mode": "no-check-with-dhcid", "ddns-ttl-percent": 0.5,
                "option-def": [ { "name": "custom-rec", "code": 222, "type": "record", "record-types": "uint8, ipv4-address",
                                  "user-context": { "why": "test" } },
                                { "name": "custom-list", "code": 223, "type": "uint16", "array": true } ],
                "option-data": [ { "name": "domain-name-servers", "data": "192.0.2.53, 192.0.2.54", "always-send": true },
                                 { "code": 222, "data": "7, 192.0.2.9" },
                                 { "name": "custom-list", "data": "1, 2, 3", "comment": "list" },
                                 { "code": 224, "csv-format": false, "data": "0A0B" },
                                 { "name": "domain-name", "data": "example.org", "never-send": true } ],
                "client-classes": [
                    { "name": "phones", "test": "option[60].text == 'phone'", "next-server": "192.0.2.3",
                      "server-hostname": "ph", "boot-file-name": "ph.cfg", "valid-lifetime": 600,
                      "min-valid-lifetime": 300, "max-valid-lifetime": 900,
                      "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] },
                    { "name": "late", "only-if-required": true, "user-context": { "a": 1 } } ],
                "hooks-libraries": [
                    { "library": "/usr/lib/kea/hooks/libdhcp_lease_cmds.so" },
                    { "library": "/usr/lib/kea/hooks/libdhcp_stat_cmds.so" },
                    { "library": "/usr/lib/kea/hooks/libdhcp_ha.so", "parameters": { "high-availability": [ {
                        "this-server-name": "server1", "mode": "load-balancing", "heartbeat-delay": 5000,
                        "max-response-delay": 20000, "max-ack-delay": 3000, "max-unacked-clients": 2,
                        "delayed-updates-limit": 50, "sync-timeout": 30000, "sync-page-limit": 500,
                        "send-lease-updates": true, "sync-leases": false, "wait-backup-ack": false,
                        "restrict-commands": true,
                        "multi-threading": { "enable-multi-threading": false, "http-dedicated-listener": false,
                                             "http-listener-threads": 2, "http-client-threads": 3 },
                        "state-machine": { "states": [ { "state": "waiting", "pause": "once" } ] },
                        "peers": [
                          { "name": "server1", "url": "http://192.0.2.1:8001/", "role": "primary",
                            "basic-auth-user": "ha", "basic-auth-password": "pw" },
                          { "name": "server2", "url": "http://192.0.2.2:8001/", "role": "secondary",
                            "auto-failover": false },
                          { "name": "server3", "url": "http://192.0.2.3:8001/", "role": "backup" } ] } ] } } ],
                "shared-networks": [ {
                    "name": "floor1", "interface": "eth0", "client-class": "phones",
                    "relay": { "ip-addresses": [ "10.1.0.1" ] }, "valid-lifetime": 4000, "match-client-id": true,
                    "option-data": [ { "name": "domain-name", "data": "floor1.example.org" } ],
                    "user-context": { "floor": 1 },
                    "subnet4": [ { "id": 10, "subnet": "10.1.0.0/24", "ddns-send-updates": true,
                        "pools": [ { "pool": "10.1.0.0/26", "client-class": "phones",
                                     "require-client-classes": [ "late" ],
                                     "option-data": [ { "name": "routers", "data": "10.1.0.1" } ] },
                                   { "pool": "10.1.0.100-10.1.0.150", "user-context": { "p": 2 } } ] },
                                 { "id": 11, "subnet": "10.2.0.0/24", "boot-file-name": "other",
                                   "require-client-classes": [ "late" ] } ] } ],
                "subnet4": [
                    { "id": 1, "subnet": "192.0.2.0/24", "interface": "eth1", "renew-timer": 1000,
                      "valid-lifetime": 5000, "min-valid-lifetime": 4000, "max-valid-lifetime": 6000,
                      "reservations-out-of-pool": false, "hostname-char-set": "", "ddns-qualifying-suffix": "s1.",
                      "pools": [ { "pool": "192.0.2.10 - 192.0.2.100" } ],
                      "relay": { "ip-addresses": [ "192.0.2.254", "192.0.2.253" ] },
                      "reservations": [
                        { "hw-address": "00:01:02:03:04:05", "ip-address": "192.0.2.200", "hostname": "a",
                          "next-server": "192.0.2.4", "server-hostname": "s", "boot-file-name": "f",
                          "client-classes": [ "phones" ], "user-context": { "r": 1 },
                          "option-data": [ { "name": "routers", "data": "192.0.2.254" } ] },
                        { "client-id": "01:0a:0b:0c:0d:0e:0f", "ip-address": "192.0.2.201" },
                        { "circuit-id": "'port-1'", "ip-address": "192.0.2.202" },
                        { "duid": "00:03:00:01:0a:0b:0c:0d:0e:0f", "hostname": "no-address" },
                        { "flex-id": "0xABCD", "ip-address": "192.0.2.203" } ] },
                    { "id": 2, "subnet": "10.0.0.0/8", "client-class": "phones",
                      "pools": [ { "pool": "10.3.0.0/16" }, { "pool": "10.4.0.0 - 10.4.0.0" } ] } ],
                "reservations": [ { "hw-address": "aa:bb:cc:dd:ee:ff", "hostname": "global-host" } ],
                "loggers": [ { "name": "kea-dhcp4", "severity": "INFO", "debuglevel": 0,
                               "output_options": [ { "output": "stdout", "pattern": "%m" },
                                                   { "output": "/tmp/k.log", "flush": false, "maxsize": 2048000,
                                                     "maxver": 4 } ] },
                             { "name": "kea-dhcp4.packets", "severity": "DEBUG", "debuglevel": 99,
                               "output-options": [ { "output": "stderr" } ] } ]
            } }
            """;

    static Stream<String> configs() throws IOException {
        List<String> names = new ArrayList<>();
        for (String seed : TestConfigs.SEEDS) {
            names.add("seed:" + seed);
        }
        try (Stream<Path> files = Files.list(Path.of("../dhcp-examples/src/test/resources/seeds"))) {
            files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> names.add("file:" + p));
        }
        names.add("resource:/broken/base.json");
        names.add("kea-sample");
        names.add("everything");
        names.add("empty");
        return names.stream();
    }

    static String text(String name) throws IOException {
        if (name.startsWith("seed:")) {
            return TestConfigs.seedText(name.substring(5));
        }
        if (name.startsWith("file:")) {
            return Files.readString(Path.of(name.substring(5)));
        }
        if (name.startsWith("resource:")) {
            try (InputStream in = ConfigGetRoundTripTest.class.getResourceAsStream(name.substring(9))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return switch (name) {
            case "kea-sample" -> ConfigGetKeaTest.KEA_SAMPLE_INPUT;
            case "everything" -> EVERYTHING;
            case "empty" -> "{ \"Dhcp4\": { } }";
            default -> throw new UncheckedIOException(new IOException("no config " + name));
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void configGetFedBackConfiguresTheSameServer(String name) throws Exception {
        KeaConfig original = KeaConfigLoader.parse(text(name), name);
        Map<String, Object> answer = ConfigGetKeaTest.rendered(original);
        // config-test and config-set parse the arguments' text with KeaConfigLoader.parse
        KeaConfig back = KeaConfigLoader.parse(Json.write(answer), "<config-set>");
        assertSameServer(original, back);
        assertEquals(List.of(), ConfigGetKeaTest.differences(answer, ConfigGetKeaTest.rendered(back)),
                "config-get of the configuration config-get printed");
        assertEquals(Json.writePretty(ConfigRenderer.render(original)), Json.writePretty(ConfigRenderer.render(back)));
    }

    static void assertSameServer(KeaConfig a, KeaConfig b) {
        assertEquals(a.interfaces(), b.interfaces(), "interfaces-config");
        assertEquals(a.controlSockets(), b.controlSockets(), "control sockets");
        assertEquals(a.leaseDatabase(), b.leaseDatabase(), "lease-database");
        assertEquals(a.multiThreading(), b.multiThreading(), "multi-threading");
        assertEquals(a.expiredLeasesProcessing(), b.expiredLeasesProcessing(), "expired-leases-processing");
        assertEquals(a.server(), b.server(), "server settings");
        assertEquals(a.settings(), b.settings(), "global network settings");
        assertEquals(a.optionData(), b.optionData(), "option-data");
        assertEquals(a.optionDefinitions().custom(), b.optionDefinitions().custom(), "option-def");
        assertEquals(a.clientClasses(), b.clientClasses(), "client-classes");
        assertEquals(a.hooksLibraries(), b.hooksLibraries(), "hooks-libraries");
        assertEquals(a.sharedNetworks(), b.sharedNetworks(), "shared-networks");
        assertEquals(a.subnets(), b.subnets(), "subnet4");
        assertEquals(a.reservations(), b.reservations(), "reservations");
        assertEquals(a.loggers(), b.loggers(), "loggers");
        assertEquals(a.userContext(), b.userContext(), "user-context");
        assertEquals(a.warnings(), b.warnings(), "warnings");
    }
}
