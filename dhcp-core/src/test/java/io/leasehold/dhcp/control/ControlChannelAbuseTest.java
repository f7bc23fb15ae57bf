package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.Json;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The control channels under abuse (issue #17, part 4): many concurrent and idle clients, a 100 MB command, deep
 * nesting, truncated JSON, headers sent a byte at a time. Every client gets a Kea-style answer or is cut off, memory
 * stays bounded, and a well-behaved client is still served.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ControlChannelAbuseTest {
    private static final byte[] STATUS = "{\"command\": \"status-get\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static CommandRegistry registry() {
        CommandRegistry r = new CommandRegistry();
        r.register("status-get", c -> ControlResult.success("ok", Map.of("pid", 1L)));
        return r;
    }

    private static long fdLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return 0;
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        return c;
    }

    /** Reads a whole answer (the server closes after it). */
    private static Map<?, ?> answer(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        while (c.read(buf) >= 0) {
            if (!buf.hasRemaining()) {
                break;
            }
        }
        buf.flip();
        return (Map<?, ?>) Json.parse(StandardCharsets.UTF_8.decode(buf).toString());
    }

    /** The answer the server sends without being asked, or null if none comes within the time. */
    private static Map<?, ?> answerWithin(SocketChannel c, long millis) throws IOException {
        c.configureBlocking(false);
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            c.register(sel, java.nio.channels.SelectionKey.OP_READ);
            if (sel.select(millis) == 0) {
                return null;
            }
        }
        c.configureBlocking(true); // the selector is closed, so the channel is no longer registered
        return answer(c);
    }

    @Test
    void aThousandConcurrentUnixClientsAreAllAnsweredAndOthersStillServed() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        assumeTrue(fdLimit() >= 4096, "needs at least 4096 file descriptors, have " + fdLimit());
        try (UnixControlSocket s = new UnixControlSocket(dir.resolve("c.sock"), registry(), 30_000).start()) {
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    clients.add(connect(s.path()));
                }
                // 1,000 idle connections do not keep a well-behaved client out
                try (SocketChannel c = connect(s.path())) {
                    c.write(ByteBuffer.wrap(STATUS));
                    assertEquals(0L, answer(c).get("result"));
                }
                // now all of them send a command at once: each gets an answer, success or "server busy"
                for (SocketChannel c : clients) {
                    c.write(ByteBuffer.wrap(STATUS));
                }
                int ok = 0;
                for (SocketChannel c : clients) {
                    Map<?, ?> a = answer(c);
                    long result = (Long) a.get("result");
                    assertTrue(result == 0 || (result == 1 && ((String) a.get("text")).contains("busy")), a::toString);
                    ok += result == 0 ? 1 : 0;
                }
                assertTrue(ok >= UnixControlSocket.MAX_QUEUED, "only " + ok + " answered");
            } finally {
                for (SocketChannel c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedWithAnAnswerAndTheLimitFreesUp() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        assumeTrue(fdLimit() >= 2L * UnixControlSocket.MAX_CONNECTIONS + 1000,
                "needs " + (2 * UnixControlSocket.MAX_CONNECTIONS + 1000) + " file descriptors, have " + fdLimit());
        try (UnixControlSocket s = new UnixControlSocket(dir.resolve("c.sock"), registry(), 30_000).start()) {
            List<SocketChannel> idle = new ArrayList<>();
            try {
                for (int i = 0; i < UnixControlSocket.MAX_CONNECTIONS; i++) {
                    idle.add(connect(s.path()));
                }
                // the server may not have counted the last ones yet: a few tries until one is refused
                Map<?, ?> refused = null;
                for (int i = 0; i < 50 && refused == null; i++) {
                    try (SocketChannel extra = connect(s.path())) {
                        // a refused connection is answered at once, without a command
                        refused = answerWithin(extra, 500);
                    }
                }
                assertTrue(refused != null && ((String) refused.get("text")).contains("too many control connections"),
                        String.valueOf(refused));
            } finally {
                for (SocketChannel c : idle) {
                    c.close();
                }
            }
            // the idle ones are gone: served again (retry while the server notices the closes)
            Map<?, ?> a = null;
            for (int i = 0; i < 100; i++) {
                try (SocketChannel c = connect(s.path())) {
                    c.write(ByteBuffer.wrap(STATUS));
                    a = answer(c);
                }
                if ((Long) a.get("result") == 0L) {
                    break;
                }
                Thread.sleep(20); // polling for closes the server handles on its own I/O thread
            }
            assertEquals(0L, a.get("result"), String.valueOf(a));
        }
    }

    @Test
    void aHundredMegabyteCommandIsRefusedWithoutBufferingItAndDeepNestingAndTruncationGetAnswers()
            throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        try (UnixControlSocket s = new UnixControlSocket(dir.resolve("c.sock"), registry(), 1_000).start()) {
            // 100 MB streamed in 1 MB writes by a writer thread; the server answers after 16 MiB and closes
            try (SocketChannel c = connect(s.path())) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    byte[] chunk = new byte[1 << 20];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    chunk[0] = '[';
                    try {
                        for (int i = 0; i < 100; i++) {
                            c.write(ByteBuffer.wrap(chunk));
                            chunk[0] = ' ';
                        }
                    } catch (IOException closedByServer) {
                        // expected once the server has answered
                    }
                });
                Map<?, ?> a = answer(c);
                assertEquals(1L, a.get("result"));
                assertTrue(((String) a.get("text")).contains("larger than"), a::toString);
                writer.get(60, TimeUnit.SECONDS);
            }
            // 100,000 levels of nesting
            try (SocketChannel c = connect(s.path())) {
                String deep = "[".repeat(100_000) + "]".repeat(100_000);
                c.write(ByteBuffer.wrap(("{\"command\": \"status-get\", \"arguments\": " + deep + "}")
                        .getBytes(StandardCharsets.UTF_8)));
                Map<?, ?> a = answer(c);
                assertTrue((Long) a.get("result") != 0L, a::toString);
            }
            // truncated JSON: the timeout answers it
            try (SocketChannel c = connect(s.path())) {
                c.write(ByteBuffer.wrap("{\"command\": \"status-g".getBytes(StandardCharsets.UTF_8)));
                Map<?, ?> a = answer(c);
                assertEquals(1L, a.get("result"));
                assertTrue(((String) a.get("text")).contains("timed out"), a::toString);
            }
            try (SocketChannel c = connect(s.path())) {
                c.write(ByteBuffer.wrap(STATUS));
                assertEquals(0L, answer(c).get("result"));
            }
        }
    }

    @Test
    void httpHeadersOneByteAtATimeAreCutOffAndIdleConnectionsDoNotKeepOthersOut() throws Exception {
        assumeTrue(fdLimit() >= 4096, "needs at least 4096 file descriptors, have " + fdLimit());
        try (HttpCommandServer http = HttpCommandServer.builder(registry())
                .address(new InetSocketAddress("127.0.0.1", 0)).requestTimeoutMillis(500).build().start()) {
            InetSocketAddress at = http.localAddress();
            // slowloris: a byte every 50 ms never completes the headers before the deadline
            try (Socket slow = new Socket(at.getAddress(), at.getPort())) {
                slow.setSoTimeout(10_000);
                OutputStream out = slow.getOutputStream();
                InputStream in = slow.getInputStream();
                byte[] head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        .getBytes(StandardCharsets.US_ASCII);
                boolean cut = false;
                long start = System.nanoTime();
                for (byte b : head) {
                    try {
                        out.write(b);
                        out.flush();
                    } catch (IOException e) {
                        cut = true;
                        break;
                    }
                    if (slow.getInputStream().available() > 0 || System.nanoTime() - start > 3_000_000_000L) {
                        break;
                    }
                    Thread.sleep(50); // the attack itself: one byte at a time
                }
                if (!cut) {
                    cut = in.read() == -1; // the server closed the connection
                }
                assertTrue(cut, "the slow request was not cut off");
            }
            assertTrue(http.timedOutConnections() >= 1);

            // 1,000 idle connections, and a normal request is still answered
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    idle.add(new Socket(at.getAddress(), at.getPort()));
                }
                assertEquals(0L, post(at).get("result"));
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void httpConnectionsOverTheLimitAreClosedAtOnce() throws Exception {
        try (HttpCommandServer http = HttpCommandServer.builder(registry())
                .address(new InetSocketAddress("127.0.0.1", 0)).maxConnections(50).requestTimeoutMillis(120_000)
                .build().start()) {
            InetSocketAddress at = http.localAddress();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    held.add(new Socket(at.getAddress(), at.getPort()));
                }
                int closed = 0;
                for (Socket s : held) {
                    s.setSoTimeout(200);
                    try {
                        if (s.getInputStream().read() == -1) {
                            closed++;
                        }
                    } catch (java.net.SocketTimeoutException open) {
                        // still open, as it should be for the first 50
                    }
                }
                assertEquals(10, closed);
                assertEquals(10, http.refusedConnections());
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            // the limit frees up when they close (retry while the server notices the closes)
            Map<?, ?> a = null;
            for (int i = 0; i < 100 && a == null; i++) {
                try {
                    a = post(at);
                } catch (IOException stillFull) {
                    Thread.sleep(20); // polling for closes the server handles on its own I/O thread
                }
            }
            assertEquals(0L, a.get("result"));
        }
    }

    /** One status-get over HTTP with a raw socket; the first answer of the list. */
    private static Map<?, ?> post(InetSocketAddress at) throws IOException {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            String req = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: " + STATUS.length + "\r\n\r\n" + new String(STATUS, StandardCharsets.UTF_8);
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (resp.isEmpty()) {
                throw new IOException("closed without an answer");
            }
            String body = resp.substring(resp.indexOf("\r\n\r\n") + 4);
            return (Map<?, ?>) ((List<?>) Json.parse(body)).get(0);
        }
    }
}
