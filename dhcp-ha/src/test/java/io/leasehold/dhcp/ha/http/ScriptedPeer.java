package io.leasehold.dhcp.ha.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake HA peer on raw sockets, so it can misbehave: it reads HTTP requests (head + Content-Length body), records
 * them with their exact bytes and answers what its script says: any bytes, nothing, a close, after a latch.
 */
final class ScriptedPeer implements AutoCloseable {
    /** One received request. */
    record Request(int connection, String head, byte[] body) {
        String requestLine() {
            return head.split("\r\n", 2)[0];
        }

        /** Header lines as received, in order. */
        List<String> headerLines() {
            String[] lines = head.split("\r\n");
            return List.of(lines).subList(1, lines.length);
        }

        String header(String name) {
            for (String line : headerLines()) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to do with a request. */
    interface Script {
        Reply answer(Request request, int index) throws Exception;
    }

    /** An answer: bytes to write (or none), then keep the connection, close it, or wait first. */
    record Reply(byte[] bytes, boolean closeAfter, CountDownLatch waitFor) {
        static Reply ok(String json) {
            return status(200, "OK", json);
        }

        static Reply status(int code, String reason, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + code + " " + reason + "\r\nContent-Length: " + body.length
                    + "\r\nContent-Type: application/json\r\n\r\n";
            return raw(concat(head.getBytes(StandardCharsets.US_ASCII), body), false);
        }

        static Reply raw(byte[] bytes, boolean closeAfter) {
            return new Reply(bytes, closeAfter, null);
        }

        static Reply raw(String text, boolean closeAfter) {
            return raw(text.getBytes(StandardCharsets.UTF_8), closeAfter);
        }

        /** Close the connection without answering. */
        static Reply close() {
            return new Reply(null, true, null);
        }

        /** Never answer (the connection stays open until the client closes it). */
        static Reply silence() {
            return new Reply(null, false, null);
        }

        Reply after(CountDownLatch latch) {
            return new Reply(bytes, closeAfter, latch);
        }

        Reply thenClose() {
            return new Reply(bytes, true, waitFor);
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requestIndex = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger maxBusy = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ScriptedPeer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("scripted-peer-accept", this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    int port() {
        return server.getLocalPort();
    }

    /** TCP connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Most requests held at the same time (received, not yet answered). */
    int maxConcurrent() {
        return maxBusy.get();
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                int n = accepted.incrementAndGet();
                sockets.add(s);
                start("scripted-peer-conn-" + n, () -> serve(s, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request r = read(in, connection);
                if (r == null) {
                    return;
                }
                requests.add(r);
                maxBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
                Reply reply;
                try {
                    reply = script.answer(r, requestIndex.getAndIncrement());
                    if (reply.waitFor() != null && !reply.waitFor().await(20, TimeUnit.SECONDS)) {
                        return;
                    }
                } finally {
                    busy.decrementAndGet();
                }
                if (reply.bytes() != null) {
                    out.write(reply.bytes());
                    out.flush();
                }
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static Request read(InputStream in, int connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        text = text.substring(0, text.length() - 4);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        return new Request(connection, text, body);
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5000);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
