package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.ScriptedPeer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.leasehold.dhcp.ha.http.TestPeers.failure;
import static io.leasehold.dhcp.ha.http.TestPeers.ok;
import static io.leasehold.dhcp.ha.http.TestPeers.peer;
import static io.leasehold.dhcp.ha.http.TestPeers.relationship;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against what two Kea 2.2 servers really exchanged (kea-captures/http, raw HTTP from tshark): every
 * request Kea sent is re-sent with the same command and arguments and must come out with Kea's request line,
 * headers and (modulo spaces) body; every captured answer is replayed and must read as Kea reads it.
 */
class KeaCapturesTest {
    private static final AtomicReference<byte[]> REPLAY = new AtomicReference<>();
    private static ScriptedPeer peer;
    private static NettyPeerClients clients;
    private static PeerClient client;

    @BeforeAll
    static void start() throws Exception {
        peer = new ScriptedPeer((r, i) -> REPLAY.get() == null ? Reply.ok("[{\"result\": 0}]")
                : Reply.raw(REPLAY.get(), false));
        clients = NettyPeerClients.create();
        client = clients.client(relationship(peer(peer.url())), peer(peer.url()));
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        peer.close();
    }

    /** A captured HTTP message: start line, header lines, body. */
    record Capture(String name, String startLine, List<String> headers, String body) {
        static Capture read(Path p) throws Exception {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, end).split("\r\n");
            return new Capture(p.getFileName().toString(), head[0], List.of(head).subList(1, head.length),
                    text.substring(end + 4));
        }

        List<String> headerNames() {
            return headers.stream().map(h -> h.substring(0, h.indexOf(':'))).toList();
        }

        String header(String name) {
            return headers.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(h -> h.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }

    private static Stream<Path> captures(String suffix) throws Exception {
        Path dir = capturesDir();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(files::add);
        }
        assertFalse(files.isEmpty(), "no captures in " + dir);
        return files.stream();
    }

    private static Path capturesDir() throws URISyntaxException {
        return Path.of(KeaCapturesTest.class.getResource("/kea-captures/http").toURI());
    }

    @TestFactory
    Stream<DynamicTest> requestsLookLikeKeas() throws Exception {
        List<Capture> fromKea = new ArrayList<>();
        for (Path p : captures("-request.http").toList()) {
            Capture c = Capture.read(p);
            // Requests from Kea's HA client (the others came from curl, which adds User-Agent and Accept).
            if (c.headerNames().equals(List.of("Host", "Content-Length", "Content-Type"))) {
                fromKea.add(c);
            }
        }
        assertTrue(fromKea.size() > 20, "requests sent by Kea: " + fromKea.size());
        return fromKea.stream().map(kea -> DynamicTest.dynamicTest(kea.name(), () -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> keaBody = (Map<String, Object>) Json.parse(kea.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) keaBody.get("arguments");
            int before = peer.requests().size();
            REPLAY.set(null);
            ok(client.send((String) keaBody.get("command"), args, 10_000));
            ScriptedPeer.Request ours = peer.requests().get(before);
            assertEquals(kea.startLine(), ours.requestLine());
            assertEquals(kea.headerNames(), ours.headerLines().stream()
                    .map(h -> h.substring(0, h.indexOf(':'))).toList());
            assertFalse(kea.header("Host").contains(":"), "Kea's Host has no port");
            assertEquals("127.0.0.1", ours.header("Host"));
            assertEquals(kea.header("Content-Type"), ours.header("Content-Type"));
            assertEquals(String.valueOf(ours.body().length), ours.header("Content-Length"));
            assertEquals(String.valueOf(kea.body().getBytes(StandardCharsets.UTF_8).length), kea.header("Content-Length"));
            // Same keys in the same (alphabetical) order, the same values and Kea's blanks: the same bytes.
            assertEquals(Json.write(keaBody), ours.bodyText());
            assertEquals(kea.body(), ours.bodyText());
        }));
    }

    @TestFactory
    Stream<DynamicTest> capturedAnswersReadAsKeaReadsThem() throws Exception {
        return captures("-response.http").map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Capture answer = Capture.read(p);
            REPLAY.set(Files.readAllBytes(p));
            Object body = Json.parse(answer.body());
            if (body instanceof List<?> list) {
                Map<?, ?> first = (Map<?, ?>) list.get(0);
                ControlResult expected = new ControlResult(((Long) first.get("result")).intValue(),
                        (String) first.get("text"), first.get("arguments"));
                assertEquals(expected, ok(client.send("ha-heartbeat", null, 10_000)));
            } else {
                String message = failure(client.send("ha-heartbeat", null, 10_000)).getMessage();
                assertTrue(message.contains("body is a single map, not a list of answers (result "), message);
            }
        }));
    }
}
