package io.leasehold.dhcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.leasehold.dhcp.config.LogSeverity;
import io.leasehold.dhcp.config.LoggerConfig;
import io.leasehold.dhcp.config.LoggerOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kea's {@code loggers} section applied to logback. */
class LoggingSetupTest {

    @AfterEach
    void restore() {
        LoggingSetup.bootstrap(false);
    }

    @Test
    void fileOutputWithSeverityPatternAndRotation(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kea-dhcp4.log");
        LoggingSetup.apply(List.of(new LoggerConfig("kea-dhcp4", LogSeverity.WARN, 0,
                List.of(new LoggerOutput(file.toString(), true, 204800, 2, "%-5p %m\n")), Map.of())), false);
        Logger log = LoggerFactory.getLogger("kea-dhcp4");
        log.info("not written");
        log.warn("written");
        assertEquals("WARN  written\n", Files.readString(file));
        String line = "x".repeat(1000);
        for (int i = 0; i < 450; i++) {
            log.error(line);
        }
        assertTrue(Files.exists(dir.resolve("kea-dhcp4.log.1")), "rotated at maxsize");
        assertFalse(Files.exists(dir.resolve("kea-dhcp4.log.3")), "keeps maxver old files");
    }

    @Test
    void childLoggersGetTheirOwnLevelAndTheLeaseholdPackage() {
        LoggingSetup.apply(List.of(
                new LoggerConfig("kea-dhcp4", LogSeverity.INFO, 0, List.of(LoggerOutput.of("stderr")), Map.of()),
                new LoggerConfig("kea-dhcp4.ha-hooks", LogSeverity.DEBUG, 99, List.of(), Map.of())), false);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertEquals(Level.INFO, ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.DEBUG, ctx.getLogger("kea-dhcp4.ha-hooks").getLevel());
        assertEquals(Level.DEBUG, ctx.getLogger("io.leasehold.dhcp.ha").getLevel());
        assertFalse(ctx.getLogger("io.leasehold.dhcp.ha").isAdditive(), "no duplicate lines through the root");
    }

    @Test
    void debugFlagAndSeverities() {
        LoggingSetup.apply(List.of(), true);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertEquals(Level.DEBUG, ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.ERROR, LoggingSetup.level(LogSeverity.FATAL));
        assertEquals(Level.OFF, LoggingSetup.level(LogSeverity.NONE));
    }

    @Test
    void translatesKeaPatterns() {
        assertEquals("%-5level %msg%n", KeaLogPattern.toLogback("%-5p %m\n"));
        assertEquals("%d{yyyy-MM-dd HH:mm:ss.SSS} %logger: %msg%n",
                KeaLogPattern.toLogback("%D{%Y-%m-%d %H:%M:%S.%q} %c: %m%n"));
        assertEquals(KeaLogPattern.DEFAULT, KeaLogPattern.toLogback(""));
        assertEquals("'T'HH", KeaLogPattern.strftime("T%H"));
    }
}
