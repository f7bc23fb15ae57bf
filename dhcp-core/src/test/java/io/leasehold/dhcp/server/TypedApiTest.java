package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.StatisticsCommands;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every control command has a typed Java equivalent for embedders (or a stated reason why not), and the typed
 * methods do what the commands do.
 */
class TypedApiTest {
    /** Command to the class and method an embedder calls instead. */
    static final Map<String, String> TYPED = new TreeMap<>(Map.ofEntries(
            Map.entry("build-report", "DhcpServer#version"),
            Map.entry("config-get", "DhcpServer#runningConfig"),
            Map.entry("config-reload", "DhcpServer#reloadConfig"),
            Map.entry("config-set", "DhcpServer#reconfigure"),
            Map.entry("config-test", "KeaConfigLoader#parse"),
            Map.entry("config-write", "DhcpServer#writeConfig"),
            Map.entry("dhcp-disable", "DhcpServer#disableService"),
            Map.entry("dhcp-enable", "DhcpServer#enableService"),
            Map.entry("lease4-add", "LeaseCommands#addLease"),
            Map.entry("lease4-del", "LeaseCommands#deleteLease"),
            Map.entry("lease4-get", "LeaseStore#get"),
            Map.entry("lease4-get-all", "LeaseStore#getBySubnet"),
            Map.entry("lease4-get-by-client-id", "LeaseStore#getByClientId"),
            Map.entry("lease4-get-by-hostname", "LeaseStore#getByHostname"),
            Map.entry("lease4-get-by-hw-address", "LeaseStore#getByHardwareAddress"),
            Map.entry("lease4-get-page", "LeaseStore#getPage"),
            Map.entry("lease4-update", "LeaseCommands#updateLease"),
            Map.entry("lease4-wipe", "LeaseCommands#wipe"),
            Map.entry("leases-reclaim", "DhcpServer#reclaimExpiredLeases"),
            Map.entry("list-commands", "CommandRegistry#names"),
            Map.entry("server-tag-get", "ServerSettings#serverTag"),
            Map.entry("shutdown", "DhcpServer#requestShutdown"),
            Map.entry("stat-lease4-get", "StatisticsCommands#leaseStatRows"),
            Map.entry("statistic-get", "StatisticsRegistry#find"),
            Map.entry("statistic-get-all", "StatisticsRegistry#all"),
            Map.entry("statistic-remove", "StatisticsRegistry#remove"),
            Map.entry("statistic-remove-all", "StatisticsRegistry#removeAll"),
            Map.entry("statistic-reset", "StatisticsRegistry#reset"),
            Map.entry("statistic-reset-all", "StatisticsRegistry#resetAll"),
            Map.entry("status-get", "DhcpServer#status"),
            Map.entry("version-get", "DhcpServer#version")));

    /** Commands without a typed equivalent, and why. */
    static final Map<String, String> UNTYPED = Map.of(
            "lease4-resend-ddns", "DDNS is not implemented: the command only answers 'DDNS updating is not enabled'",
            "statistic-sample-age-set", "Leasehold keeps one sample per statistic: nothing to limit",
            "statistic-sample-age-set-all", "Leasehold keeps one sample per statistic: nothing to limit",
            "statistic-sample-count-set", "Leasehold keeps one sample per statistic: nothing to limit",
            "statistic-sample-count-set-all", "Leasehold keeps one sample per statistic: nothing to limit");

    private static final Map<String, Class<?>> CLASSES = Map.of("DhcpServer", DhcpServer.class, "KeaConfigLoader",
            KeaConfigLoader.class, "LeaseCommands", LeaseCommands.class, "LeaseStore", LeaseStore.class, "CommandRegistry",
            CommandRegistry.class, "ServerSettings", ServerSettings.class, "StatisticsCommands",
            StatisticsCommands.class, "StatisticsRegistry", StatisticsRegistry.class);

    @TempDir
    Path dir;

    private Path configFile(String dns) throws Exception {
        Path f = dir.resolve("kea-dhcp4.json");
        Files.writeString(f, """
                { "Dhcp4": { "lease-database": { "type": "memfile", "persist": false }, "valid-lifetime": 100,
                  "option-data": [ { "name": "domain-name-servers", "data": "%s" } ],
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10-192.0.2.19" } ] } ]
                } }""".formatted(dns));
        return f;
    }

    @Test
    void everyRegisteredCommandHasATypedEquivalentOrAReason() throws Exception {
        try (DhcpServer server = DhcpServer.builder().configFile(configFile("192.0.2.1"))
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .build().start()) {
            for (String command : server.commands().names()) {
                assertTrue(TYPED.containsKey(command) || UNTYPED.containsKey(command),
                        command + " needs a typed Java method (or a reason in UNTYPED)");
            }
            TYPED.forEach((command, target) -> {
                String[] p = target.split("#");
                assertTrue(Arrays.stream(CLASSES.get(p[0]).getMethods()).anyMatch(m -> m.getName().equals(p[1])),
                        command + ": " + target + " exists");
            });
        }
    }

    @Test
    void typedMethodsDoWhatTheCommandsDo() throws Exception {
        VirtualTime time = new VirtualTime(1_800_000_000_000L);
        Path file = configFile("192.0.2.1");
        try (DhcpServer server = DhcpServer.builder().configFile(file).scheduler(time)
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .build().start()) {
            server.disableService(0);
            assertFalse(server.service().isEnabled());
            assertEquals(List.of(1L), server.status().get("dhcp-state") instanceof Map<?, ?> m
                    ? ((List<?>) m.get("disabled-by-origins")).stream().map(o -> ((Number) o).longValue()).toList()
                    : List.of());
            server.enableService();
            assertTrue(server.service().isEnabled());

            LeaseCommands leases = server.leases();
            for (int i = 0; i < 3; i++) {
                assertTrue(leases.addLease(Lease4.builder(Ipv4.parse("192.0.2.1" + i)).subnetId(1)
                        .hardwareAddress(HardwareAddress.parse("02:00:00:00:00:0" + i)).validLifetime(100)
                        .cltt(time.currentTimeMillis() / 1000).build()));
            }
            assertEquals(3L, server.statistics().find("subnet[1].assigned-addresses").orElseThrow().get());
            assertEquals(List.of(List.of(1L, 10L, 0L, 3L, 0L)), StatisticsCommands.leaseStatRows(
                    server.statistics(), server.engine().subnetIds(), 1, 1));
            time.jumpWallClock(200_000); // past expiry without running the periodic reclamation
            assertEquals(3, server.reclaimExpiredLeases(true));
            assertEquals(0, server.leaseStore().size());

            assertTrue(leases.addLease(Lease4.builder(Ipv4.parse("192.0.2.15")).subnetId(1)
                    .hardwareAddress(HardwareAddress.parse("02:00:00:00:00:15")).validLifetime(100)
                    .cltt(time.currentTimeMillis() / 1000).build()));
            assertEquals(1, leases.wipe(0));

            assertTrue(server.statistics().reset("pkt4-received"));
            assertFalse(server.statistics().reset("no-such-statistic"));
            server.statistics().removeAll();
            assertTrue(server.statistics().all().isEmpty());

            configFile("192.0.2.53");
            KeaConfig reloaded = server.reloadConfig();
            assertEquals(reloaded, server.config());
            assertTrue(server.configText().contains("192.0.2.53"));
            Path written = dir.resolve("written.json");
            long size = server.writeConfig(written);
            assertEquals(Files.size(written), size);
            assertEquals(reloaded.subnets(), KeaConfigLoader.load(written).subnets());
            assertTrue(DhcpServer.version().matches("\\d+\\.\\d+\\.\\d+.*"));
            assertTrue(server.metricsText().contains("leasehold_info{version=\"" + DhcpServer.version() + "\"} 1"));
        }
    }
}
