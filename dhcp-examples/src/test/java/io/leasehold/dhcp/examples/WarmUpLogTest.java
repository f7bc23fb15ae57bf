package io.leasehold.dhcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.transport.DhcpTransport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The warm-up's only trace in the log is its one {@code LH_WARMUP_DONE} line, even with every Leasehold logger at
 * DEBUG: a server started with it logs exactly what one started without it logs, plus that line. The servers are
 * the standalone kind (memfile persisted to a file, every module on the class path).
 */
class WarmUpLogTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        LoggingSetup.bootstrap(false);
    }

    private String config(String name) {
        return """
                { "Dhcp4": { "lease-database": { "type": "memfile", "persist": true, "name": "%s",
                                                 "lfc-interval": 0 },
                  "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                 "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ],
                                 "option-data": [ { "name": "routers", "data": "192.0.2.1" } ] } ] } }
                """.formatted(dir.resolve(name));
    }

    /** The message formats (the ID and text before arguments) that Leasehold's loggers logged while starting. */
    private List<String> startLogging(String leaseFile, Duration warmUp) throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger leasehold = ctx.getLogger("io.leasehold");
        leasehold.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.setContext(ctx);
        events.start();
        leasehold.addAppender(events);
        try (DhcpServer server = DhcpServer.builder().configText(config(leaseFile)).warmUp(warmUp)
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress()).serverPort(0)
                .controlSockets(false).build().start()) {
            assertEquals(0, server.leaseStore().size());
        } finally {
            leasehold.detachAppender(events);
        }
        List<String> formats = new ArrayList<>();
        for (ILoggingEvent e : events.list) {
            // the lease file's name differs between the two servers; everything else is compared as logged
            formats.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getMessage());
        }
        return formats;
    }

    @Test
    void theWarmUpLogsOneLineAndNothingElse() throws Exception {
        List<String> cold = startLogging("cold.csv", Duration.ZERO);
        List<String> warm = startLogging("warm.csv", Duration.ofMinutes(10));
        List<String> extra = new ArrayList<>(warm);
        cold.forEach(extra::remove);
        assertEquals(1, extra.size(), "lines only the warmed-up start logged: " + extra);
        assertTrue(extra.get(0).startsWith("INFO io.leasehold.dhcp.server LH_WARMUP_DONE "), extra.get(0));
        List<String> missing = new ArrayList<>(cold);
        warm.forEach(missing::remove);
        assertEquals(List.of(), missing, "lines the warmed-up start did not log");
    }
}
