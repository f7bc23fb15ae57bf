package io.leasehold.dhcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.transport.DhcpTransport;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config-get over the command channel: the running configuration with Kea's defaults, {"original": true} for the
 * text as given, and the answer accepted by config-test and config-set (which then change nothing).
 */
class ConfigGetCommandTest {
    private static final String CONFIG = """
            { "Dhcp4": {
                // a comment, dropped
                "lease-database": { "type": "memfile", "persist": false },
                "valid-lifetime": 3600,
                "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ],
                               "reservations": [ { "hw-address": "1a:1b:1c:1d:1e:1f", "ip-address": "192.0.2.201" } ] } ]
            } }
            """;

    @TempDir
    Path dir;

    private static DhcpServer server(DhcpServer.Builder b) throws java.io.IOException {
        return b.transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .controlSockets(false).build().start();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> command(DhcpServer server, String json) throws java.io.IOException {
        return (Map<String, Object>) Json.parse(Json.write(server.commands().executeJson(json, "test")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersTheRunningConfigurationWithDefaultsAndTheOriginalOnRequest() throws Exception {
        try (DhcpServer server = server(DhcpServer.builder().configText(CONFIG))) {
            Map<String, Object> get = command(server, "{ \"command\": \"config-get\" }");
            assertEquals(0L, get.get("result"));
            Map<String, Object> args = (Map<String, Object>) get.get("arguments");
            Map<String, Object> dhcp4 = (Map<String, Object>) args.get("Dhcp4");
            assertEquals(Json.parse(Json.write(server.runningConfig())), args);
            assertEquals(86400L, dhcp4.get("decline-probation-period"), "a default filled in");
            assertEquals(Map.of("lease-checks", "warn"), dhcp4.get("sanity-checks"));
            Map<String, Object> subnet = (Map<String, Object>) ((java.util.List<?>) dhcp4.get("subnet4")).get(0);
            assertEquals("192.0.2.100-192.0.2.199", ((Map<String, Object>) ((java.util.List<?>) subnet.get("pools"))
                    .get(0)).get("pool"));
            assertEquals(3600L, subnet.get("valid-lifetime"), "inherited, as Kea prints it");

            Map<String, Object> original = command(server,
                    "{ \"command\": \"config-get\", \"arguments\": { \"original\": true } }");
            assertEquals(0L, original.get("result"));
            assertEquals(Json.parse(CONFIG.replace("// a comment, dropped", "")), original.get("arguments"));

            KeaConfig before = server.config();
            for (String command : new String[] {"config-test", "config-set"}) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("command", command);
                request.put("arguments", args);
                Map<String, Object> answer = command(server, Json.write(request));
                assertEquals(0L, answer.get("result"), command + ": " + answer.get("text"));
            }
            assertEquals(before.subnets(), server.config().subnets());
            assertEquals(before.settings(), server.config().settings());
            assertEquals(before.server(), server.config().server());
            assertEquals(args, command(server, "{ \"command\": \"config-get\" }").get("arguments"),
                    "config-set of config-get's answer changes nothing");
            assertEquals(Json.parse(Json.write(args)), Json.parse(server.configText()),
                    "after config-set, the original is what config-set was given");
        }
    }

    @Test
    void configWriteWritesTheSameAndItLoadsAgain() throws Exception {
        try (DhcpServer server = server(DhcpServer.builder().configText(CONFIG))) {
            Path file = dir.resolve("written.json");
            server.writeConfig(file);
            assertEquals(Json.parse(Json.write(server.runningConfig())), Json.parse(Files.readString(file)));
            assertEquals(server.config().subnets(), KeaConfigLoader.load(file).subnets());
        }
    }

    @Test
    void configurationGivenAsObjectsHasAConfigGetButNoOriginal() throws Exception {
        KeaConfig config = KeaConfigLoader.parse(CONFIG, "objects");
        try (DhcpServer server = server(DhcpServer.builder().config(config))) {
            Map<String, Object> get = command(server, "{ \"command\": \"config-get\" }");
            assertEquals(0L, get.get("result"));
            assertTrue(((Map<?, ?>) get.get("arguments")).containsKey("Dhcp4"));
            Map<String, Object> original = command(server,
                    "{ \"command\": \"config-get\", \"arguments\": { \"original\": true } }");
            assertEquals(1L, original.get("result"));
            assertFalse(((String) original.get("text")).isEmpty());
        }
    }
}
