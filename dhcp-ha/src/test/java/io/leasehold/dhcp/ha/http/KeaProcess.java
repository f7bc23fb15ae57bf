package io.leasehold.dhcp.ha.http;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code kea-dhcp4} run by a test: no interfaces, memfile without persistence, pid and lock files in the
 * test's directory, logs to a file there; stopped (SIGTERM, then SIGKILL) by {@link #close()}. Only loopback.
 */
final class KeaProcess implements AutoCloseable {
    private static final List<String> HOOK_DIRS = List.of("/usr/lib/x86_64-linux-gnu/kea/hooks",
            "/usr/lib/aarch64-linux-gnu/kea/hooks", "/usr/lib64/kea/hooks", "/usr/lib/kea/hooks",
            "/usr/local/lib/kea/hooks");

    private final Process process;
    private final Path log;

    private KeaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the calling test (with the reason) unless kea-dhcp4 and its HA and lease_cmds hooks can run here. */
    static Path assumeKeaAvailable() throws Exception {
        assumeTrue(keaBinary().isPresent(), "kea-dhcp4 is not installed; skipping the Kea interop test");
        assumeTrue(hooksDir().isPresent(), "libdhcp_ha.so/libdhcp_lease_cmds.so not found in " + HOOK_DIRS
                + "; skipping the Kea interop test");
        assumeTrue(isRoot(), "the Kea interop test runs kea-dhcp4 and needs root; skipping");
        return hooksDir().get();
    }

    static Optional<Path> keaBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/local/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, "kea-dhcp4");
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> hooksDir() {
        return HOOK_DIRS.stream().map(Path::of).filter(d -> Files.isReadable(d.resolve("libdhcp_ha.so"))
                && Files.isReadable(d.resolve("libdhcp_lease_cmds.so"))).findFirst();
    }

    private static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        return p.waitFor(10, TimeUnit.SECONDS) && "0".equals(out);
    }

    /** A random 127.0.0.x address (loopback, so no namespace is needed) that other test runs rarely pick. */
    static String loopbackAddress() {
        return "127.0." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(2, 250);
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return s.getLocalPort();
        }
    }

    /** Writes the configuration, starts Kea and waits (bounded) until it accepts connections on address:port. */
    static KeaProcess start(Path dir, String config, String address, int port) throws Exception {
        Path conf = dir.resolve("kea-dhcp4.json");
        Files.writeString(conf, config);
        Path log = dir.resolve("kea-dhcp4.log");
        ProcessBuilder pb = new ProcessBuilder(keaBinary().orElseThrow().toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KEA_PIDFILE_DIR", dir.toString());
        pb.environment().put("KEA_LOCKFILE_DIR", dir.toString());
        KeaProcess kea = new KeaProcess(pb.start(), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!kea.process.isAlive()) {
                fail("kea-dhcp4 exited with " + kea.process.exitValue() + ":\n" + kea.logTail());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return kea;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    kea.close();
                    fail("kea-dhcp4 did not listen on " + address + ":" + port + " within 20 s:\n" + kea.logTail());
                }
                Thread.sleep(50);
            }
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
