package io.leasehold.dhcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.config.KeaConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The standalone main's command line, through {@link Main#run} (exit codes instead of System.exit). */
class MainTest {
    private static final Path SEEDS = Path.of("..", "dhcp-core", "src", "test", "resources", "seeds");
    private static final Path BUNDLED = Path.of("conf", "leasehold-dhcp4.conf");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<KeaConfig> started = new ArrayList<>();
    private final List<ServerLauncher.Options> options = new ArrayList<>();

    /** Records what it was asked to start and "stops" at once. */
    private final ServerLauncher recording = (config, opts) -> {
        started.add(config);
        options.add(opts);
        return new ServerLauncher.RunningServer() {
            @Override
            public void awaitTermination() {
            }

            @Override
            public void close() {
            }
        };
    };

    static Stream<Path> seeds() throws IOException {
        try (Stream<Path> files = Files.list(SEEDS)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertEquals(6, list.size(), "seed configurations");
            return list.stream();
        }
    }

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, recording, false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void checkPassesOnEverySeed(Path seed) {
        assertEquals(0, run(Map.of(), "-t", seed.toString()), err());
        assertTrue(out().contains("Syntax check OK"), out());
        assertEquals("", err());
    }

    @Test
    void checkPassesOnTheBundledConfiguration() {
        assertEquals(0, run(Map.of(), "-t", BUNDLED.toString()), err());
    }

    @Test
    void postgresqlExampleChecksAndNamesTheDatabase() {
        Path example = Path.of("conf", "leasehold-dhcp4-postgresql.conf");
        assertEquals(0, run(Map.of(), "-t", example.toString()), err());
        assertEquals(0, run(Map.of(), "-c", example.toString(), "-p", "6767", "-P", "6768"), err());
        KeaConfig c = started.get(0);
        assertEquals("postgresql", c.leaseDatabase().type());
        assertEquals("kea", c.leaseDatabase().name());
        assertEquals(30, c.leaseDatabase().sql().maxReconnectTries());
    }

    @Test
    void exitsWithTheValueTheServerAskedFor() {
        ServerLauncher failing = (config, opts) -> new ServerLauncher.RunningServer() {
            @Override
            public void awaitTermination() {
            }

            @Override
            public int exitValue() {
                return 1; // e.g. the lease database was lost for good (on-fail stop-retry-exit)
            }

            @Override
            public void close() {
            }
        };
        assertEquals(1, Main.run(new String[] {"-c", BUNDLED.toString()}, new PrintStream(out), new PrintStream(err),
                Map.of(), failing, false));
    }

    @Test
    void checkFailsWithFilePositionAndPath(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("kea.conf");
        Files.writeString(broken, "{\n  \"Dhcp4\": {\n    \"subnet4\": [ { \"id\": 1, \"subnet\": \"10.0.0.0/24\",\n"
                + "      \"pools\": [ { \"pool\": \"10.0.0.5 - 10.0.0.1\" } ] } ]\n  }\n}\n");
        assertEquals(1, run(Map.of(), "-t", broken.toString()));
        assertEquals("Syntax check failed with: " + broken + ":4:28: Dhcp4/subnet4[0]/pools[0]/pool: pool 10.0.0.5 - "
                + "10.0.0.1 has start after end\n", err());
        assertTrue(!out().contains("Syntax check OK"));
    }

    @Test
    void checkFailsOnAMissingFile(@TempDir Path dir) {
        assertEquals(1, run(Map.of(), "-t", dir.resolve("absent.conf").toString()));
        assertTrue(err().contains("cannot read file"), err());
    }

    @Test
    void runStartsTheServerWithPortsAndTheBundledConfiguration() {
        assertEquals(0, run(Map.of(), "-c", BUNDLED.toString(), "-p", "6767", "-P", "6768"), err());
        assertEquals(1, started.size());
        assertEquals(new ServerLauncher.Options(6767, 6768, false, Duration.ofSeconds(5)), options.get(0),
                "the standalone server warms up for at most 5 s by default");
        KeaConfig c = started.get(0);
        assertEquals("lo", c.interfaces().interfaces().get(0).name());
        assertEquals("192.0.2.0/24", c.subnets().get(0).prefix().toString());
        assertTrue(!c.leaseDatabase().persist());
    }

    @Test
    void warmupTakesSecondsAndZeroTurnsItOff() {
        assertEquals(0, run(Map.of(), "-c", BUNDLED.toString(), "--warmup", "0"), err());
        assertEquals(Duration.ZERO, options.get(0).warmUp());
        assertEquals(0, run(Map.of(), "-c", BUNDLED.toString(), "--warmup", "0.5"), err());
        assertEquals(Duration.ofMillis(500), options.get(1).warmUp());
        assertEquals(0, run(Map.of(), "-c", BUNDLED.toString(), "--warmup", "5"), err());
        assertEquals(Duration.ofSeconds(5), options.get(2).warmUp());
        for (String bad : List.of("-1", "x", "3601")) {
            assertEquals(1, run(Map.of(), "-c", BUNDLED.toString(), "--warmup", bad), bad);
            assertTrue(err().contains("--warmup must be a number of seconds 0-3600, got '" + bad + "'"), err());
        }
        assertEquals(1, run(Map.of(), "-c", BUNDLED.toString(), "--warmup"));
        assertEquals(3, started.size());
    }

    @Test
    void thisServerNameComesFromTheFlagOrTheEnvironment() {
        String seed = SEEDS.resolve("kea-ha-load-balancing-mt-tls.json").toString();
        assertEquals(0, run(Map.of(Main.THIS_SERVER_NAME_ENV, "server2"), "-c", seed));
        assertEquals("server2", started.get(0).highAvailability().get(0).thisServerName());
        assertEquals(0, run(Map.of(Main.THIS_SERVER_NAME_ENV, "server2"), "-c", seed, "--this-server-name",
                "server1", "-d"));
        assertEquals("server1", started.get(1).highAvailability().get(0).thisServerName(), "the flag wins");
        assertTrue(options.get(1).debug());
        assertEquals(1, run(Map.of(), "-c", seed, "--this-server-name", "nobody"));
        assertTrue(err().contains("this-server-name override 'nobody' is not a peer"), err());
        assertEquals(2, started.size());
    }

    @Test
    void launcherFailureExitsOne() {
        ServerLauncher failing = (config, opts) -> {
            throw new IllegalStateException("cannot bind port 67");
        };
        int code = Main.run(new String[] {"-c", BUNDLED.toString()}, new PrintStream(out), new PrintStream(err),
                Map.of(), failing, false);
        assertEquals(1, code);
        assertTrue(err().contains("cannot bind port 67"), err());
    }

    @Test
    void versionsAndBuildReport() {
        assertEquals(0, run(Map.of(), "-v"));
        assertEquals(BuildInfo.version() + "\n", out());
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
        out.reset();
        assertEquals(0, run(Map.of(), "-V"));
        assertTrue(out().startsWith(BuildInfo.version() + "\nlinked with:\n"), out());
        assertTrue(out().contains("Netty 4.2.18.Final"), out());
        out.reset();
        assertEquals(0, run(Map.of(), "-W"));
        assertTrue(out().contains("libdhcp_ha.so"), out());
    }

    @Test
    void badCommandLinesPrintUsageAndExitOne() {
        for (String[] args : List.of(new String[] {"-x"}, new String[] {}, new String[] {"-c"},
                new String[] {"-t", "a", "-c", "b"}, new String[] {"-t", "a", "-p", "0"},
                new String[] {"-t", "a", "-P", "http"})) {
            err.reset();
            assertEquals(1, run(Map.of(), args), String.join(" ", args));
            assertTrue(err().contains("Usage: leasehold-dhcp4"), err());
        }
        assertEquals(0, started.size());
    }
}
