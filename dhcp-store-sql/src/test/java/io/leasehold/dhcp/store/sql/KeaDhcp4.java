package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.control.internal.Json;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/** A real Kea 2.2 {@code kea-dhcp4} with the lease_cmds hook and a unix control socket, for interop tests. */
final class KeaDhcp4 implements AutoCloseable {
    static final Path KEA = Path.of("/usr/sbin/kea-dhcp4");
    static final Path LEASE_CMDS = Path.of("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so");

    private final Path dir;
    private final Process process;
    private final StringBuffer log = new StringBuffer();

    /** Skips the test when Kea or its hook is missing. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(KEA), "kea-dhcp4 is not installed (apt install kea-dhcp4-server)");
        Assumptions.assumeTrue(Files.exists(LEASE_CMDS), "Kea's lease_cmds hook is missing: " + LEASE_CMDS);
    }

    /** Starts Kea on a {@code lease-database} map; returns once it logged DHCP4_STARTED (at most 30 s). */
    KeaDhcp4(Path dir, String leaseDatabaseJson) throws Exception {
        this(dir, leaseDatabaseJson, "{\"interfaces\": []}", "{\"id\": 1, \"subnet\": \"192.0.2.0/24\","
                + " \"pools\": [{\"pool\": \"192.0.2.10-192.0.2.200\"}]}", java.util.List.of(), "");
    }

    /**
     * Starts Kea answering DHCP: UDP sockets on 127.0.0.1 port {@code port} ({@code -p}), one subnet (JSON map), the
     * given lease database. Queries must be relayed (giaddr) with the relay-source-port sub-option, as
     * {@code DhcpTestClient} sends them, so that the answers come back to the client's own port.
     */
    static KeaDhcp4 serving(Path dir, String leaseDatabaseJson, String subnetJson, int port) throws Exception {
        return new KeaDhcp4(dir, leaseDatabaseJson,
                "{\"interfaces\": [\"lo/127.0.0.1\"], \"dhcp-socket-type\": \"udp\"}", subnetJson,
                java.util.List.of("-p", Integer.toString(port)), "");
    }

    /** The HA hook of Kea 2.2, found beside lease_cmds. */
    static final Path HA = LEASE_CMDS.resolveSibling("libdhcp_ha.so");

    /**
     * As {@link #serving} with Kea's HA hook too, its {@code high-availability} list as given (JSON), and Kea's
     * multi-threading on (which the hook's dedicated HTTP listener needs).
     */
    static KeaDhcp4 servingWithHa(Path dir, String leaseDatabaseJson, String subnetJson, int port,
                                  String highAvailabilityJson) throws Exception {
        Assumptions.assumeTrue(Files.exists(HA), "Kea's HA hook is missing: " + HA);
        return new KeaDhcp4(dir, leaseDatabaseJson,
                "{\"interfaces\": [\"lo/127.0.0.1\"], \"dhcp-socket-type\": \"udp\"}", subnetJson,
                java.util.List.of("-p", Integer.toString(port)), ", {\"library\": \"" + HA + "\", \"parameters\":"
                + " {\"high-availability\": " + highAvailabilityJson + "}}],\n  \"multi-threading\":"
                + " {\"enable-multi-threading\": true, \"thread-pool-size\": 2, \"packet-queue-size\": 16");
    }

    /** {@code moreHooks}: text after the lease_cmds hook's map, ending with the list's "]" and more members. */
    private KeaDhcp4(Path dir, String leaseDatabaseJson, String interfacesConfigJson, String subnetJson,
                     java.util.List<String> args, String moreHooks) throws Exception {
        this.dir = dir;
        Path config = dir.resolve("kea-dhcp4.json");
        Files.writeString(config, "{\"Dhcp4\": {\n"
                + "  \"interfaces-config\": " + interfacesConfigJson + ",\n"
                + "  \"control-socket\": {\"socket-type\": \"unix\", \"socket-name\": \"" + socket() + "\"},\n"
                + "  \"lease-database\": " + leaseDatabaseJson + ",\n"
                + "  \"hooks-libraries\": [{\"library\": \"" + LEASE_CMDS + "\"}"
                + (moreHooks.isEmpty() ? "]" : moreHooks + "}") + ",\n"
                + "  \"valid-lifetime\": 3600,\n"
                + "  \"subnet4\": [" + subnetJson + "],\n"
                + "  \"loggers\": [{\"name\": \"kea-dhcp4\", \"output_options\": [{\"output\": \"stdout\"}],"
                + " \"severity\": \"DEBUG\", \"debuglevel\": 15}]\n"
                + "}}\n");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(KEA.toString(), "-c",
                config.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KEA_PIDFILE_DIR", dir.toString());
        pb.environment().put("KEA_LOCKFILE_DIR", dir.toString());
        process = pb.start();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ok = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("DHCP4_STARTED")) {
                        ok.set(true);
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // Kea exited
            }
            started.countDown();
        }, "kea-log");
        reader.setDaemon(true);
        reader.start();
        if (!started.await(30, TimeUnit.SECONDS) || !ok.get()) {
            close();
            throw new AssertionError("kea-dhcp4 did not start:\n" + log);
        }
    }

    private Path socket() {
        return dir.resolve("kea4.sock");
    }

    String log() {
        return log.toString();
    }

    /** Sends one command (one per connection, as Kea's unix socket expects); returns the answer. */
    @SuppressWarnings("unchecked")
    Map<String, Object> command(String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket()));
             Selector selector = Selector.open()) {
            ByteBuffer out = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(65536);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "Kea did not answer " + json);
                selector.select(left);
                selector.selectedKeys().clear();
                int n = ch.read(in);
                if (n < 0) {
                    break;
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
            return (Map<String, Object>) Json.parse(answer.toString(StandardCharsets.UTF_8));
        }
    }

    /** A command that must succeed (result 0); returns its arguments. */
    @SuppressWarnings("unchecked")
    Map<String, Object> ok(String json) throws IOException {
        Map<String, Object> answer = command(json);
        assertEquals(0L, ((Number) answer.get("result")).longValue(), json + " -> " + answer + "\n" + log);
        return (Map<String, Object>) answer.get("arguments");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
