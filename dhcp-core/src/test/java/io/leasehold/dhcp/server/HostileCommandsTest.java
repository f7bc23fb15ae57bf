package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.control.UnixControlSocket;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Throws hostile requests at every registered command over the unix socket and over HTTP: every known argument
 * with a value of every wrong type (and all of them at once), huge and odd numbers, very long strings, deep
 * nesting, binary garbage, invalid UTF-8, oversized bodies. Every request must get an answer with a Kea result code,
 * and the server must still serve commands and DHCP afterwards.
 */
class HostileCommandsTest {
    /** Every argument name any command reads. */
    private static final List<String> ARGUMENTS = List.of("ip-address", "hw-address", "client-id", "subnet-id",
            "valid-lft", "expire", "cltt", "fqdn-fwd", "fqdn-rev", "hostname", "state", "user-context", "comment",
            "pool-id", "force-create", "update-ddns", "identifier-type", "identifier", "subnets", "from", "limit",
            "name", "duration", "max-samples", "max-period", "origin", "origin-id", "remove", "exit-value",
            "filename", "Dhcp4", "subnet-range");

    @TempDir
    Path dir;

    /** Values of every JSON type and edge, none of them valid for long. */
    private List<Object> hostileValues() {
        List<Object> nested = new ArrayList<>();
        Object deep = List.of();
        for (int i = 0; i < 40; i++) {
            deep = List.of(deep);
        }
        nested.add(deep);
        return List.of("", "x", "\u0000\u202e\ud83d\ude00", "a".repeat(100_000), "999.999.999.999",
                "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff", -1L, 0L, Long.MAX_VALUE,
                Long.MIN_VALUE, new BigInteger("18446744073709551616"), 1.5e308, -0.0, true, false,
                List.of(1L, "a", Map.of()), Map.of("nested", Map.of("x", List.of(1L, "a"))), nested);
    }

    private String config() {
        return """
                { "Dhcp4": {
                    "control-sockets": [ { "socket-type": "unix", "socket-name": "%s" },
                                         { "socket-type": "http", "socket-port": 0 } ],
                    "lease-database": { "type": "memfile", "persist": false },
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(dir.resolve("ctrl.sock"));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyHostileRequestIsAnsweredAndTheServerStaysUp() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        Path file = dir.resolve("kea-dhcp4.json");
        Files.writeString(file, config());
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer server = DhcpServer.builder().configFile(file).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).controlTimeout(Duration.ofMillis(200)).build().start()) {
            Path unix = server.unixControlSockets().get(0);
            InetSocketAddress http = server.httpControlAddress();
            List<byte[]> requests = new ArrayList<>();
            for (String command : server.commands().names()) {
                for (Object value : hostileValues()) {
                    Map<String, Object> all = new LinkedHashMap<>();
                    for (String a : ARGUMENTS) {
                        all.put(a, safe(a, value));
                    }
                    requests.add(request(command, all));
                }
                // each argument alone with a value of each JSON type (one of them is the wrong one)
                for (String a : ARGUMENTS) {
                    for (Object value : List.of("x", -1L, true, Map.of("k", 1L))) {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put(a, safe(a, value));
                        requests.add(request(command, one));
                    }
                }
                requests.add(("{\"command\": \"" + command + "\", \"arguments\": [1, 2]}").getBytes());
                requests.add(("{\"command\": \"" + command + "\", \"arguments\": \"x\"}").getBytes());
                requests.add(("{\"command\": \"" + command + "\", \"service\": 7}").getBytes());
                requests.add(("{\"command\": \"" + command + "\", \"surprise\": 1}").getBytes());
            }
            requests.addAll(rawGarbage());
            // both channels at once: the unix socket on another thread
            CompletableFuture<Integer> overUnix = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                for (byte[] r : requests) {
                    try {
                        assertAnswer(ControlClients.unix(unix, r), r);
                    } catch (Exception e) {
                        throw new AssertionError(preview(r), e);
                    }
                    n++;
                }
                return n;
            });
            int answered = 0;
            for (byte[] r : requests) {
                HttpResponse<String> h = ControlClients.http(http, r, null);
                assertEquals(200, h.statusCode(), () -> preview(r));
                List<?> answers = assertInstanceOf(List.class, Json.parse(h.body()));
                for (Object a : answers) {
                    assertResult(a, r);
                }
                answered++;
            }
            assertEquals(requests.size(), answered);
            assertEquals(requests.size(), overUnix.get(2, TimeUnit.MINUTES));

            // bounded bodies: refused, not buffered without end
            byte[] huge = new byte[UnixControlSocket.MAX_COMMAND_BYTES + 1024];
            Arrays.fill(huge, (byte) ' ');
            huge[0] = '[';
            assertEquals(413, ControlClients.http(http, huge, null).statusCode());
            Map<?, ?> tooBig = (Map<?, ?>) Json.parse(ControlClients.unix(unix, huge));
            assertEquals(1L, tooBig.get("result"));
            // refused as too large, or cut off by the command timeout while it was still arriving
            assertTrue(((String) tooBig.get("text")).matches(".*(larger than|timed out).*"), tooBig.toString());

            // still serving commands on both channels, and DHCP
            assertEquals(0L, ControlClients.unixAnswer(unix, "{\"command\": \"status-get\"}").get("result"));
            assertEquals(0L, ControlClients.httpAnswers(http, "{\"command\": \"status-get\"}", null).get(0)
                    .get("result"));
            server.enableService(); // the hostile dhcp-disable calls were valid enough to disable it
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                client.setSoTimeout(10_000);
                DhcpMessage offer = DhcpServerLoopbackTest.exchange(client, server.localAddress(), DhcpMessage
                        .builder().xid(9).hardwareAddress(HardwareAddress.parse("02:99:00:00:00:01"))
                        .giaddr(Ipv4.parse("127.0.0.1")).messageType(DhcpMessageType.DISCOVER)
                        .relayAgentInfo(RelayAgentInfo.builder().circuitId(new byte[] {1}).relaySourcePort().build())
                        .build());
                assertEquals(DhcpMessageType.OFFER, offer.messageType());
            }
        }
    }

    /** A file name argument stays inside the test directory whatever it is. */
    private Object safe(String argument, Object value) {
        if (argument.equals("filename") && value instanceof String s) {
            return dir + "/" + (s.length() > 200 ? s.substring(0, 200) : s);
        }
        return value;
    }

    private static byte[] request(String command, Map<String, Object> arguments) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("arguments", arguments);
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> rawGarbage() {
        List<byte[]> out = new ArrayList<>();
        out.add("[".repeat(100_000).getBytes());
        out.add(("{\"command\": " + "{\"a\": ".repeat(5_000) + "1" + "}".repeat(5_001)).getBytes());
        out.add(("{\"command\": \"list-commands\", \"arguments\": {\"n\": " + "9".repeat(5_000) + "}}").getBytes());
        out.add("{\"command\": \"list-commands\", \"arguments\": {\"n\": 1e999999}}".getBytes());
        out.add(("{\"command\": \"" + "c".repeat(1_000_000) + "\"}").getBytes());
        out.add("{\"command\": \"list-commands\", \"command\": \"shutdown\"}".getBytes());
        out.add("{}".getBytes());
        out.add("[]".getBytes());
        out.add("null".getBytes());
        out.add("\"list-commands\"".getBytes());
        out.add(new byte[] {'{', '"', 'c', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        out.add("{\"command\": \"list-commands\"} trailing".getBytes());
        out.add("{\"command\": \"list-commands\", }".getBytes());
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[1 + random.nextInt(4096)];
            random.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    private static void assertAnswer(String text, byte[] request) throws Exception {
        assertResult(Json.parse(text), request);
    }

    private static void assertResult(Object answer, byte[] request) {
        Map<?, ?> m = assertInstanceOf(Map.class, answer, () -> preview(request));
        Object result = m.get("result");
        assertTrue(result instanceof Long r && r >= 0 && r <= 4, () -> "result " + result + " for " + preview(request));
        if (!Long.valueOf(0).equals(result) && !Long.valueOf(3).equals(result)) {
            assertTrue(m.get("text") instanceof String t && !t.isBlank(), () -> "an error says why: "
                    + preview(request));
        }
    }

    private static String preview(byte[] request) {
        String s = new String(request, 0, Math.min(request.length, 200), StandardCharsets.UTF_8);
        return s + (request.length > 200 ? "... (" + request.length + " bytes)" : "");
    }
}
