package io.leasehold.dhcp.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.leasehold.dhcp.config.LogSeverity;
import io.leasehold.dhcp.config.LoggerConfig;
import io.leasehold.dhcp.config.LoggerOutput;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from Kea's {@code loggers}: {@code kea-dhcp4} is the root logger, other names are loggers of
 * the same name (plus the Leasehold package that does that job, see {@link #PACKAGES}); severities map to logback
 * levels (FATAL as ERROR, any debuglevel as DEBUG, NONE as OFF); outputs are stdout, stderr, syslog (UDP to
 * localhost:514) or a file, rotated at {@code maxsize} keeping {@code maxver} old files like Kea.
 */
final class LoggingSetup {
    /** Kea logger names and the Leasehold code they stand for. */
    static final Map<String, String> PACKAGES = Map.of(
            "kea-dhcp4.ha-hooks", "io.leasehold.dhcp.ha",
            "kea-dhcp4.dhcpsrv", "io.leasehold.dhcp.config",
            "kea-dhcp4.lease-cmds-hooks", "io.leasehold.dhcp.commands",
            "kea-dhcp4.leases", "io.leasehold.dhcp.lease");
    /** log4cplus will not rotate below 200 KiB, so neither does this. */
    static final long MIN_ROTATE_SIZE = 204800;

    private LoggingSetup() {
    }

    /** Before the configuration is read: INFO (or DEBUG with -d) to stdout. */
    static void bootstrap(boolean debug) {
        LoggerContext ctx = context();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(debug ? Level.DEBUG : Level.INFO);
        root.addAppender(console(ctx, "stdout", true, KeaLogPattern.DEFAULT));
    }

    /** Applies the configuration's loggers; with none, Kea's default (kea-dhcp4 INFO to stdout). */
    static void apply(List<LoggerConfig> loggers, boolean debug) {
        LoggerContext ctx = context();
        ctx.reset();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        boolean rootConfigured = false;
        boolean rootOnStdout = false;
        for (LoggerConfig config : loggers) {
            boolean isRoot = config.name().equals("kea-dhcp4") || config.name().equals("*");
            List<LoggerOutput> outputs = config.outputs().isEmpty() ? List.of(LoggerOutput.of("stdout"))
                    : config.outputs();
            for (Logger logger : targets(ctx, config.name(), isRoot)) {
                logger.setLevel(level(config.severity()));
                logger.setAdditive(isRoot);
                for (LoggerOutput output : outputs) {
                    logger.addAppender(appender(ctx, config.name(), output));
                }
            }
            rootConfigured |= isRoot;
            rootOnStdout |= isRoot && outputs.stream().anyMatch(o -> o.output().equals("stdout"));
        }
        if (!rootConfigured) {
            root.addAppender(console(ctx, "stdout", true, KeaLogPattern.DEFAULT));
            rootOnStdout = true;
        }
        if (debug) {
            root.setLevel(Level.DEBUG);
            if (!rootOnStdout) {
                root.addAppender(console(ctx, "stdout", true, KeaLogPattern.DEFAULT));
            }
        }
    }

    private static List<Logger> targets(LoggerContext ctx, String name, boolean isRoot) {
        if (isRoot) {
            return List.of(ctx.getLogger(Logger.ROOT_LOGGER_NAME));
        }
        String pkg = PACKAGES.get(name);
        return pkg == null ? List.of(ctx.getLogger(name)) : List.of(ctx.getLogger(name), ctx.getLogger(pkg));
    }

    static Level level(LogSeverity severity) {
        return switch (severity) {
            case FATAL, ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
            case NONE -> Level.OFF;
        };
    }

    private static Appender<ILoggingEvent> appender(LoggerContext ctx, String name, LoggerOutput output) {
        String pattern = KeaLogPattern.toLogback(output.pattern());
        String target = output.output();
        if (target.equals("stdout") || target.equals("stderr")) {
            return console(ctx, target, output.flush(), pattern);
        }
        if (target.equals("syslog") || target.startsWith("syslog:")) {
            return syslog(ctx, target);
        }
        return file(ctx, name, output, pattern);
    }

    private static Appender<ILoggingEvent> console(LoggerContext ctx, String target, boolean flush, String pattern) {
        ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
        a.setTarget(target.equals("stderr") ? "System.err" : "System.out");
        return startStream(ctx, a, "console-" + target, flush, pattern);
    }

    private static Appender<ILoggingEvent> file(LoggerContext ctx, String name, LoggerOutput output, String pattern) {
        if (output.maxSize() == 0 || output.maxVer() == 0) {
            FileAppender<ILoggingEvent> a = new FileAppender<>();
            a.setFile(output.output());
            return startStream(ctx, a, "file-" + name, output.flush(), pattern);
        }
        RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
        a.setContext(ctx);
        a.setFile(output.output());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(a);
        rolling.setFileNamePattern(output.output() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex((int) Math.min(output.maxVer(), 20));
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(Math.max(MIN_ROTATE_SIZE, output.maxSize())));
        // Check the size on every event, as log4cplus does (logback's default looks once a minute).
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
        trigger.start();
        a.setRollingPolicy(rolling);
        a.setTriggeringPolicy(trigger);
        return startStream(ctx, a, "file-" + name, output.flush(), pattern);
    }

    private static Appender<ILoggingEvent> syslog(LoggerContext ctx, String target) {
        SyslogAppender a = new SyslogAppender();
        a.setContext(ctx);
        a.setName("syslog");
        a.setSyslogHost("localhost");
        a.setFacility(target.startsWith("syslog:") ? target.substring(7).toUpperCase(Locale.ROOT) : "USER");
        a.setSuffixPattern("kea-dhcp4[" + ProcessHandle.current().pid() + "]: %-5level [%logger] %msg");
        a.start();
        return a;
    }

    private static Appender<ILoggingEvent> startStream(LoggerContext ctx, OutputStreamAppender<ILoggingEvent> a,
            String name, boolean flush, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(pattern);
        encoder.start();
        a.setContext(ctx);
        a.setName(name);
        a.setEncoder(encoder);
        a.setImmediateFlush(flush);
        a.start();
        return a;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
