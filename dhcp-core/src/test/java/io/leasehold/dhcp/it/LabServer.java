package io.leasehold.dhcp.it;

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

    private LabServer(Path log, Path controlSocket) {
        this.log = log;
        this.controlSocket = controlSocket;
    }

    /** Starts {@link ServerProcess} in the namespace and waits (bounded) until it reports ready. */
    static LabServer start(Netns lab, String ns, Path dir, Path config, Path controlSocket, String... javaPrefix)
            throws Exception {
        Path log = dir.resolve("server-" + ns + ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of(javaPrefix));
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), config.toString()));
        lab.spawn(ns, log, cmd);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.contains("LEASEHOLD-READY")) {
                return new LabServer(log, controlSocket);
            }
            if (out.contains("Exception")) {
                throw new AssertionError("server failed to start:\n" + out);
            }
            Thread.sleep(100); // polling another process's log file; there is nothing to wait on
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
