package io.leasehold.dhcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.leasehold.dhcp.server.DhcpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A training run ({@link DhcpServer#train}, the standalone {@code --train}) runs the warm-up and the HA extension's
 * training on the configuration, then DHCP through a private server's sockets on loopback, and touches nothing the
 * configuration names: no lease file, no control socket, no connection to the partner, no HA state; then the server
 * is spent.
 */
class TrainingRunTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        LoggingSetup.bootstrap(false);
    }

    private String config(int partnerPort) {
        return """
                { "Dhcp4": {
                    "lease-database": { "type": "memfile", "persist": true, "name": "%s", "lfc-interval": 0 },
                    "control-socket": { "socket-type": "unix", "socket-name": "%s" },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "hooks-libraries": [ { "library": "libdhcp_lease_cmds.so" }, { "library": "libdhcp_ha.so",
                      "parameters": { "high-availability": [ { "this-server-name": "server1",
                        "mode": "hot-standby", "heartbeat-delay": 1000, "max-response-delay": 2000,
                        "peers": [ { "name": "server1", "url": "http://127.0.0.1:%d/", "role": "primary" },
                                   { "name": "server2", "url": "http://127.0.0.1:%d/", "role": "standby" } ]
                      } ] } } ],
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(dir.resolve("leases.csv"), dir.resolve("ctrl.sock"), freePort(), partnerPort);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void trainsTheWarmUpAndTheHaPathAndTouchesNothingConfigured() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger leasehold = ctx.getLogger("io.leasehold");
        Level level = leasehold.getLevel();
        leasehold.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(ctx);
        events.start();
        leasehold.addAppender(events);
        try (ServerSocket partner = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            DhcpServer server = DhcpServer.builder().configText(config(partner.getLocalPort()))
                    .warmUp(Duration.ofSeconds(1)).build();
            server.train();

            List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("LH_WARMUP_DONE ")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("LH_HA_WARMUP_DONE ")
                    && l.contains("answered (0 failed)")), "the HA path ran against its scratch listener: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("LH_TRAINING_DONE ")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.matches("LH_TRAINING_TRANSPORT [1-9]\\d* clients leased .*")),
                    "the socket pass served clients on loopback: " + lines);
            for (String never : List.of("LH_SERVER_STARTED", "LH_HA_STATE_CHANGE", "LH_CONTROL_SOCKET_OPENED")) {
                assertFalse(lines.stream().anyMatch(l -> l.startsWith(never)), never + " in " + lines);
            }
            assertFalse(Files.exists(dir.resolve("leases.csv")), "the configured lease file was not opened");
            assertFalse(Files.exists(dir.resolve("ctrl.sock")), "the control socket was not opened");
            partner.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, partner::accept, "nothing connected to the partner");
            assertThrows(IllegalStateException.class, server::start, "a trained server is spent");
            assertThrows(IllegalStateException.class, server::train);
        } finally {
            leasehold.detachAppender(events);
            leasehold.setLevel(level);
        }
    }

    @Test
    void theStandaloneTrainFlagRunsItAndExitsZero() throws Exception {
        try (ServerSocket partner = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("kea-dhcp4.conf");
            Files.writeString(file, config(partner.getLocalPort()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ServerLauncher never = (config, options) -> {
                throw new AssertionError("--train must not start a server");
            };
            int code = Main.run(new String[] {"--train", "-c", file.toString(), "--warmup", "0.5"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of(), never, false);
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            assertFalse(Files.exists(dir.resolve("leases.csv")));
            partner.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, partner::accept, "nothing connected to the partner");
        }
    }
}
