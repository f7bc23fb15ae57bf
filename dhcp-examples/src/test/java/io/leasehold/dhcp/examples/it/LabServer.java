package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;

import io.leasehold.dhcp.control.internal.Json;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A Leasehold server process started inside a lab namespace, with its control socket. */
final class LabServer {
    final Path log;
    final Path controlSocket;
    /** The server process ({@code ip netns exec} replaces itself with the server, so this is the server). */
    final Process process;

    private LabServer(Path log, Path controlSocket, Process process) {
        this.log = log;
        this.controlSocket = controlSocket;
        this.process = process;
    }

    /**
     * Starts the standalone server ({@code Main -c config}) in the namespace and waits (bounded) until its control
     * socket answers. {@code wrapper} is prepended to the java command (e.g. an {@code unshare} that gives the server
     * private /var/lib/kea and /run/kea). Without a {@code --warmup} in {@code mainArgs} the server starts without
     * its warm-up.
     */
    static LabServer start(Netns lab, String ns, Path dir, Path config, Path controlSocket, List<String> wrapper,
                           String... mainArgs) throws Exception {
        Path log = dir.resolve("server-" + ns + ".log");
        List<String> cmd = new java.util.ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "io.leasehold.dhcp.examples.Main", "-c",
                config.toString()));
        if (!List.of(mainArgs).contains("--warmup")) {
            // the lab tests check behaviour, not speed: no warm-up (2 s of both cores per start otherwise)
            cmd.addAll(List.of("--warmup", "0"));
        }
        cmd.addAll(List.of(mainArgs));
        return launch(lab, ns, log, controlSocket, cmd);
    }

    /**
     * Starts any server with a Kea-style unix control socket ({@code cmd}, e.g. a real kea-dhcp4) in the namespace
     * and waits (bounded) until the socket answers {@code list-commands}.
     */
    static LabServer launch(Netns lab, String ns, Path log, Path controlSocket, List<String> cmd) throws Exception {
        Process p = lab.spawn(ns, log, cmd);
        LabServer server = new LabServer(log, controlSocket, p);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (Long.valueOf(0).equals(server.command("{\"command\": \"list-commands\"}").get("result"))) {
                    return server;
                }
            } catch (IOException notYet) {
                // socket not there yet
            }
            Thread.sleep(100); // another process is starting; poll its control socket
        }
        throw new AssertionError("server did not start within 30 s:\n" + Files.readString(log));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> command(String json) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(controlSocket));
            c.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (c.read(buf) >= 0) {
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            return (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> leases() throws IOException {
        Map<String, Object> r = command("{\"command\": \"lease4-get-all\"}");
        Map<String, Object> args = (Map<String, Object>) r.get("arguments");
        return args == null ? List.of() : (List<Map<String, Object>>) args.get("leases");
    }
}
