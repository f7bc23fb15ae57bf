package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Overrides;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server, with kea-dhcp4's command line ({@link CommandLine#USAGE}): {@code -c FILE} runs on a Kea
 * configuration file, {@code -t FILE} checks one and exits 0 (or 1 with the error on stderr), {@code -v}/{@code -V}/
 * {@code -W} print version and build information. The HA peer name can be set without editing the file with
 * {@code --this-server-name} or the {@code LEASEHOLD_THIS_SERVER_NAME} environment variable.
 */
public final class Main {
    /** Environment variable naming this server's HA peer(s) when {@code --this-server-name} is not given. */
    public static final String THIS_SERVER_NAME_ENV = "LEASEHOLD_THIS_SERVER_NAME";

    private Main() {
    }

    public static void main(String[] args) {
        // Netty's default leak detection records a stack trace for one buffer in 128 (a few hundred a second at
        // 3,000 DORA/s, about 1 % of the server's CPU). The standalone server runs without it unless the property is
        // set; the test suite runs every buffer through it at "paranoid". Set before any Netty class is loaded.
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        int code = run(args, System.out, System.err, System.getenv(), DhcpServerLauncher.LAUNCHER, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line and returns the process exit code; for {@code -c} it returns once the server stopped.
     *
     * @param handleSignals whether SIGTERM/SIGINT stop the server with exit code 0 (the process-wide handlers are
     *     only wanted in a real process, not in tests)
     */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, ServerLauncher launcher,
            boolean handleSignals) {
        CommandLine cmd;
        try {
            cmd = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("leasehold-dhcp4: " + e.getMessage());
            err.println("Leasehold DHCPv4 server, version " + BuildInfo.version());
            err.println();
            err.print(CommandLine.USAGE);
            return 1;
        }
        switch (cmd.action()) {
            case VERSION -> {
                out.println(BuildInfo.version());
                return 0;
            }
            case EXTENDED_VERSION -> {
                out.print(BuildInfo.extendedVersion());
                return 0;
            }
            case BUILD_REPORT -> {
                out.print(BuildInfo.buildReport());
                return 0;
            }
            default -> {
                return runWithConfig(cmd, out, err, env, launcher, handleSignals);
            }
        }
    }

    private static int runWithConfig(CommandLine cmd, PrintStream out, PrintStream err, Map<String, String> env,
            ServerLauncher launcher, boolean handleSignals) {
        LoggingSetup.bootstrap(cmd.debug());
        KeaConfig config;
        try {
            config = KeaConfigLoader.load(cmd.configFile(), overrides(cmd, env));
        } catch (IllegalArgumentException e) {
            err.println("Error encountered: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            err.println((cmd.action() == CommandLine.Action.CHECK ? "Syntax check failed with: "
                    : "Error encountered: ") + e.getMessage());
            return 1;
        }
        if (cmd.action() == CommandLine.Action.CHECK) {
            out.println("Syntax check OK");
            return 0;
        }
        try {
            LoggingSetup.apply(config.loggers(), cmd.debug());
        } catch (RuntimeException e) {
            err.println("Error encountered: cannot set up logging: " + e.getMessage());
            return 1;
        }
        if (cmd.action() == CommandLine.Action.TRAIN) {
            return train(config, cmd, err);
        }
        return serve(config, cmd, err, launcher, handleSignals);
    }

    /** {@code --train}: the training run (see {@link DhcpServerLauncher#train}), exit 0 unless it cannot run. */
    private static int train(KeaConfig config, CommandLine cmd, PrintStream err) {
        try {
            DhcpServerLauncher.train(config, new ServerLauncher.Options(cmd.serverPort(), cmd.clientPort(),
                    cmd.debug(), cmd.warmUp()));
            return 0;
        } catch (Exception e) {
            err.println("Error encountered: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(KeaConfig config, CommandLine cmd, PrintStream err, ServerLauncher launcher,
            boolean handleSignals) {
        Logger log = LoggerFactory.getLogger("kea-dhcp4");
        ServerLauncher.RunningServer server;
        try {
            server = launcher.start(config, new ServerLauncher.Options(cmd.serverPort(), cmd.clientPort(),
                    cmd.debug(), cmd.warmUp()));
        } catch (Exception e) {
            log.error("DHCP4_INIT_FAIL failed to initialize the server: {}", e.toString());
            log.debug("DHCP4_INIT_FAIL details", e);
            err.println("Error encountered: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(server::close, "leasehold-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (handleSignals) {
            StopSignals.install(server::close);
        }
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting (SIGTERM): the hook is what stopped the server
        }
        return server.exitValue();
    }

    /** {@code --this-server-name} wins over the environment variable. */
    static Overrides overrides(CommandLine cmd, Map<String, String> env) {
        Optional<String> spec = cmd.thisServerName().or(() -> Optional.ofNullable(env.get(THIS_SERVER_NAME_ENV))
                .filter(s -> !s.isBlank()));
        return spec.map(Overrides::parseThisServerNames).orElse(Overrides.none());
    }
}
