package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.internal.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Plain clients for the control channels, as an operator's script would talk to them. */
final class ControlClients {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ControlClients() {
    }

    /** Kea's unix framing: write the text, read until the server closes. */
    static String unix(Path socket, byte[] request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap(request));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            while (c.read(b) >= 0) {
                b.flip();
                out.write(b.array(), 0, b.limit());
                b.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static String unix(Path socket, String request) throws IOException {
        return unix(socket, request.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> unixAnswer(Path socket, String request) throws IOException {
        return (Map<String, Object>) Json.parse(unix(socket, request));
    }

    /** POST / with application/json; {@code auth} is {@code user:password} or null. */
    static HttpResponse<String> http(InetSocketAddress at, byte[] body, String auth) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    auth.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> httpAnswers(InetSocketAddress at, String body, String auth) throws Exception {
        HttpResponse<String> r = http(at, body.getBytes(StandardCharsets.UTF_8), auth);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        }
        return (List<Map<String, Object>>) Json.parse(r.body());
    }

    static HttpResponse<String> get(InetSocketAddress at, String path, String auth) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (auth != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    auth.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
