package io.leasehold.dhcp.examples.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.testing.DhcpTestClient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's run command, {@code bin/leasehold-dhcp4} over the packaged {@code leasehold-dhcp4.jar} (these tests run
 * after the package phase): on JDK 25+ a training run makes the AOT cache and the server then starts from it (with
 * {@code -XX:AOTMode=on}, so a cache the JVM could not use fails the start instead of being ignored) and hands out a
 * lease; on JDK 17 it runs the jar as it is. The JDK 25 half skips where no JDK 25+ is installed (CI has one: Temurin
 * 25 under /usr/lib/jvm).
 */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("bin", "leasehold-dhcp4").toAbsolutePath();
    private static final Path JAR = Path.of("target", "leasehold-dhcp4.jar").toAbsolutePath();
    private static final Path BUNDLED = Path.of("conf", "leasehold-dhcp4.conf").toAbsolutePath();

    @TempDir
    Path dir;

    /** A JDK 25 or later under /usr/lib/jvm, as the launcher itself would look for one. */
    private static Optional<Path> jdk25() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(jvms)) {
            return s.map(d -> d.resolve("bin/java")).filter(Files::isExecutable).filter(j -> feature(j) >= 25)
                    .findFirst();
        }
    }

    private static int feature(Path java) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                String t = line.trim();
                if (t.startsWith("java.specification.version = ")) {
                    return Integer.parseInt(t.substring("java.specification.version = ".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private ProcessBuilder launcher(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LEASEHOLD_JAR", JAR.toString());
        pb.environment().putAll(env);
        return pb;
    }

    private static String run(ProcessBuilder pb, int expectedExit) throws Exception {
        Path log = Files.createTempFile("launcher", ".log");
        try {
            Process p = pb.redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
            String out = Files.readString(log);
            assertEquals(expectedExit, p.exitValue(), out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void onJdk25TheTrainingRunMakesTheCacheAndTheServerStartsFromIt() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is missing (these tests run after mvn package)");
        Optional<Path> java = jdk25();
        assumeTrue(java.isPresent(), "no JDK 25 or later under /usr/lib/jvm: the AOT cache needs one");
        Path cache = dir.resolve("leasehold.aot");
        Map<String, String> env = Map.of("LEASEHOLD_JAVA", java.get().toString(),
                "LEASEHOLD_AOT_CACHE", cache.toString());

        String training = run(launcher(env, "--train", "-c", BUNDLED.toString(), "--warmup", "3"), 0);
        assertTrue(training.contains("LH_TRAINING_DONE"), training);
        assertTrue(Files.size(cache) > 1_000_000, "an AOT cache was written: " + training);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(cache), s.toList(), "no temporary file is left beside the cache");
        }

        int port = freeUdpPort();
        Map<String, String> strict = new java.util.HashMap<>(env);
        strict.put("LEASEHOLD_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info");
        Path log = dir.resolve("server.log");
        Process server = launcher(strict, "-c", BUNDLED.toString(), "-p", Integer.toString(port), "-P",
                Integer.toString(freeUdpPort()), "--warmup", "1").redirectOutput(log.toFile()).start();
        try {
            String out = "";
            for (int i = 0; i < 600 && !out.contains("LH_SERVER_STARTED") && server.isAlive(); i++) {
                Thread.sleep(50); // polling the server's log for its start line; nothing to latch on in another JVM
                out = Files.readString(log);
            }
            assertTrue(out.contains("LH_SERVER_STARTED"), out);
            assertTrue(out.contains("Opened AOT cache " + cache), out);
            assertFalse(out.contains("training run"), "the cache existed: no second training run\n" + out);
            try (DhcpTestClient client = DhcpTestClient.relayTo(new InetSocketAddress("127.0.0.1", port))) {
                DhcpTestClient.Lease lease = client.dora(HardwareAddress.parse("02:00:00:00:00:01"));
                assertEquals("192.0.2.10", lease.addressText(), "the reserved address, from the AOT-started server");
            }
        } finally {
            server.destroy(); // SIGTERM: the standalone server stops and exits 0
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, server.exitValue(), Files.readString(log));
    }

    @Test
    void onJdk17ItRunsTheJarWithoutACache() throws Exception {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is missing (these tests run after mvn package)");
        Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        assumeTrue(feature(java17) < 25, "the test JVM is 25+: nothing to check here");
        Path cache = dir.resolve("leasehold.aot");
        String out = run(launcher(Map.of("LEASEHOLD_JAVA", java17.toString(), "LEASEHOLD_AOT_CACHE",
                cache.toString()), "-t", BUNDLED.toString()), 0);
        assertTrue(out.contains("Syntax check OK"), out);
        out = run(launcher(Map.of("LEASEHOLD_JAVA", java17.toString(), "LEASEHOLD_AOT_CACHE", cache.toString()),
                "--train", "-c", BUNDLED.toString(), "--warmup", "0.2"), 0);
        assertTrue(out.contains("LH_TRAINING_DONE"), out);
        assertFalse(Files.exists(cache), "no cache from a JDK without one: " + out);
    }
}
