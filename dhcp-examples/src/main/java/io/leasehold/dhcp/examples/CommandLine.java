package io.leasehold.dhcp.examples;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * kea-dhcp4's command line: {@code -c FILE} run, {@code -t FILE} check, {@code -p PORT} server port, {@code -P PORT}
 * client port, {@code -d} debug logging, {@code -v} version, {@code -V} extended version, {@code -W} build report;
 * plus Leasehold's {@code --this-server-name NAME[,NAME|INDEX=NAME...]}, {@code --warmup SECONDS} and {@code --train}
 * (with {@code -c}: run only the warm-up, then exit; a JVM training run, see {@code bin/leasehold-dhcp4}).
 *
 * @param action what to do
 * @param configFile the file of {@code -c} or {@code -t}
 * @param serverPort {@code -p}, default 67
 * @param clientPort {@code -P}, default 68
 * @param debug {@code -d}
 * @param thisServerName {@code --this-server-name}, if given
 * @param warmUp {@code --warmup}: the warm-up's time budget (default {@link #DEFAULT_WARMUP}, with {@code --train}
 *     {@link #DEFAULT_TRAINING}; zero: none)
 */
record CommandLine(Action action, Path configFile, int serverPort, int clientPort, boolean debug,
        Optional<String> thisServerName, Duration warmUp) {

    /** The standalone server warms up by default, for at most this long (see {@code DhcpServer.Builder#warmUp}). */
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    /** A training run's default budget: it ends sooner by itself once the queries stop getting cheaper. */
    static final Duration DEFAULT_TRAINING = Duration.ofSeconds(30);

    static final String USAGE = """
            Usage: leasehold-dhcp4 -[v|V|W] [-d] [-{c|t} cfgfile] [-p number] [-P number] [--this-server-name NAME]
                   [--warmup SECONDS] [--train]
              -v: print version number and exit
              -V: print extended version and exit
              -W: display the build report and exit
              -d: debug mode with extra verbosity
              -c file: specify configuration file
              -t file: check the configuration file syntax and exit
              -p number: specify non-standard server port number 1-65535 (useful for testing only)
              -P number: specify non-standard client port number 1-65535 (useful for testing only)
              --this-server-name NAME: this server's HA peer name, overriding the file (also
                  LEASEHOLD_THIS_SERVER_NAME); NAME,NAME... or INDEX=NAME,... for several relationships
              --warmup SECONDS: before opening the DHCP sockets, run synthetic queries through a private
                  copy of the server for at most SECONDS (default 5, decimals allowed; 0: no warm-up), so
                  that the first real queries do not meet a cold JVM
              --train: with -c, run only the warm-up (default 30 s at most) on the configuration, then DHCP
                  through a private server on a free loopback port, and exit 0; none of the configured
                  sockets, lease databases or peers is used: a training run for a JVM AOT cache
                  (bin/leasehold-dhcp4 runs it with -XX:AOTCacheOutput)
            """;

    enum Action {
        RUN, CHECK, TRAIN, VERSION, EXTENDED_VERSION, BUILD_REPORT
    }

    /** Thrown for a command line that cannot be used; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String[] args) throws UsageException {
        Action action = null;
        Path file = null;
        int serverPort = 67;
        int clientPort = 68;
        boolean debug = false;
        String serverName = null;
        Duration warmUp = null;
        boolean train = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-v" -> action = info(action, Action.VERSION);
                case "-V" -> action = info(action, Action.EXTENDED_VERSION);
                case "-W" -> action = info(action, Action.BUILD_REPORT);
                case "-d" -> debug = true;
                case "-c", "-t" -> {
                    if (file != null) {
                        throw new UsageException("only one of -c and -t may be given, once");
                    }
                    file = Path.of(value(args, ++i, a));
                    if (action == null) {
                        action = a.equals("-c") ? Action.RUN : Action.CHECK;
                    }
                }
                case "-p" -> serverPort = port(value(args, ++i, a), a);
                case "-P" -> clientPort = port(value(args, ++i, a), a);
                case "--this-server-name" -> serverName = value(args, ++i, a);
                case "--warmup" -> warmUp = seconds(value(args, ++i, a), a);
                case "--train" -> train = true;
                default -> throw new UsageException("invalid option -- '" + a + "'");
            }
        }
        if (action == null) {
            throw new UsageException("Configuration file not specified.");
        }
        if (train) {
            if (action != Action.RUN) {
                throw new UsageException("--train needs -c and no -t");
            }
            action = Action.TRAIN;
        }
        if (warmUp == null) {
            warmUp = train ? DEFAULT_TRAINING : DEFAULT_WARMUP;
        }
        return new CommandLine(action, file, serverPort, clientPort, debug, Optional.ofNullable(serverName),
                warmUp);
    }

    private static Action info(Action current, Action requested) {
        return current == null || current == Action.RUN || current == Action.CHECK ? requested : current;
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length || args[i].isEmpty()) {
            throw new UsageException("option requires an argument -- '" + flag + "'");
        }
        return args[i];
    }

    private static Duration seconds(String text, String flag) throws UsageException {
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.signum() >= 0 && s.compareTo(BigDecimal.valueOf(3600)) <= 0) {
                return Duration.ofMillis(s.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a number of seconds 0-3600, got '" + text + "'");
    }

    private static int port(String text, String flag) throws UsageException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " must be a port number 1-65535, got '" + text + "'");
    }
}
