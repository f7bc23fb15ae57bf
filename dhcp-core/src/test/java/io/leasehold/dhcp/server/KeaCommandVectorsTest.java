package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.control.Command;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays every request/response pair captured from a live Kea 2.2 ({@code src/test/resources/kea-commands}, copied
 * from the shared reference samples) against a real {@link DhcpServer} configured as the sample server was (its
 * {@code config-get} output, paths moved to a temporary directory) and seeded with the leases the sample server
 * held. Plain pairs go over the unix socket, {@code ca-*} pairs (captured through kea-ctrl-agent) over the HTTP
 * channel. Result codes and texts must match, and arguments must have Kea's keys, types and (where deterministic)
 * values; pid, uptime, reload, timestamps and file sizes are only type-checked.
 *
 * <p>Where Leasehold deliberately answers otherwise, the vector is listed in {@link #DIFFERENCES} with the reason
 * and the check that applies instead, so every divergence is a decision.
 */
class KeaCommandVectorsTest {
    private static final String KEA_DIR = "/var/tmp/kealab/";
    /** Kea's clock when it added 192.0.2.150 (that lease's cltt): the virtual clock starts here. */
    private static final long KEA_NOW_MILLIS = 1_795_307_182_000L;

    /** Commands Kea 2.2 lists that Leasehold does not implement (they answer result 2). */
    static final Set<String> NOT_IMPLEMENTED = Set.of("config-backend-pull", "libreload",
            "stat-lease6-get", "lease6-add", "lease6-bulk-apply", "lease6-del", "lease6-get", "lease6-get-all",
            "lease6-get-by-duid", "lease6-get-by-hostname", "lease6-get-page", "lease6-resend-ddns", "lease6-update",
            "lease6-wipe");

    /** Keys Leasehold adds to an answer, with the reason. */
    private static final Map<String, String> ADDED_KEYS = Map.of(
            "dhcp-state", "status-get: Kea 3.0 reports the service state (disabled-by-origins, globally-disabled)",
            "packet-queue-full-drops", "status-get: packets the full MT queue dropped (Kea 3.1: pkt4-queue-full)",
            "packet-inline-runs", "status-get: packets the I/O thread ran itself while the workers were idle",
            "send-failures", "status-get: replies the sockets could not send");

    /** Kea's statistic timestamps: only the format is compared. */
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}";

    /** Argument values that change from run to run: only their JSON type is compared. */
    private static final Set<String> VOLATILE = Set.of("pid", "uptime", "reload", "size");

    /** A deliberate difference from Kea 2.2 and the check that applies instead of the plain comparison. */
    record Difference(String reason, Consumer<Answer> check) {
    }

    /** What came back for one vector. */
    record Answer(String name, Object expected, Object actual, DhcpServer server) {
        @SuppressWarnings("unchecked")
        Map<String, Object> single() {
            return (Map<String, Object>) (actual instanceof List<?> l ? l.get(0) : actual);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> expectedSingle() {
            return (Map<String, Object>) (expected instanceof List<?> l ? l.get(0) : expected);
        }
    }

    static final Map<String, Difference> DIFFERENCES = new LinkedHashMap<>();

    static {
        Consumer<Answer> conflict = a -> {
            assertEquals(4L, a.single().get("result"), "Kea 2.4+ answers conflicts with result 4");
            assertEquals(a.expectedSingle().get("text"), a.single().get("text"));
        };
        String conflictReason = "Kea 2.3.4+/2.4 answers result 4 (conflict) where 2.2 said 1; Leasehold follows the"
                + " newer Kea so that HA partners and scripts can tell a conflict from an error";
        DIFFERENCES.put("lease4-add-duplicate", new Difference(conflictReason, conflict));
        DIFFERENCES.put("lease4-add-bad-subnet", new Difference(conflictReason, conflict));
        DIFFERENCES.put("lease4-update-missing", new Difference(conflictReason, conflict));

        Consumer<Answer> ownVersion = a -> {
            Map<String, Object> m = a.single();
            assertEquals(0L, m.get("result"));
            assertEquals(DhcpServer.version(), m.get("text"));
            assertInstanceOf(String.class, ((Map<?, ?>) m.get("arguments")).get("extended"));
            assertTrue(((String) ((Map<?, ?>) m.get("arguments")).get("extended")).startsWith(DhcpServer.version()));
        };
        String versionReason = "the version is Leasehold's, not Kea's; the answer keeps Kea's shape (text = version,"
                + " arguments.extended starting with it)";
        DIFFERENCES.put("version-get", new Difference(versionReason, ownVersion));
        DIFFERENCES.put("ca-version-get-dhcp4", new Difference(versionReason, ownVersion));
        DIFFERENCES.put("ca-version-get-agent-itself", new Difference("Leasehold has no separate control agent:"
                + " without 'service' the server itself answers. " + versionReason, ownVersion));
        DIFFERENCES.put("build-report", new Difference("the build report describes Leasehold's build", a -> {
            assertEquals(0L, a.single().get("result"));
            assertTrue(((String) a.single().get("text")).startsWith("Leasehold " + DhcpServer.version()));
        }));

        Consumer<Answer> listsOwnCommands = a -> {
            Map<String, Object> m = a.single();
            assertEquals(0L, m.get("result"));
            @SuppressWarnings("unchecked")
            List<String> mine = (List<String>) m.get("arguments");
            @SuppressWarnings("unchecked")
            List<String> kea = (List<String>) a.expectedSingle().get("arguments");
            for (String c : kea) {
                assertEquals(!NOT_IMPLEMENTED.contains(c), mine.contains(c), c);
            }
            assertEquals(new TreeSet<>(mine).stream().toList(), mine, "sorted, as Kea lists them");
        };
        String listReason = "Leasehold lists its own commands: Kea's minus those it does not implement (lease6-*,"
                + " stat-lease*-get, libreload, config-backend-pull: they answer result 2) plus its additions";
        DIFFERENCES.put("list-commands", new Difference(listReason, listsOwnCommands));
        DIFFERENCES.put("list-commands-with-service", new Difference(listReason, listsOwnCommands));
        DIFFERENCES.put("ca-list-commands-agent-itself", new Difference("Leasehold has no separate control agent:"
                + " without 'service' the server answers with its own command list", listsOwnCommands));
        DIFFERENCES.put("ca-lease4-get-no-service", new Difference("Leasehold is the server itself, so a command"
                + " without 'service' runs here; the agent's 'not supported without service' answer is not"
                + " reproduced (documented in the README)", a -> {
                    assertEquals(1, ((List<?>) a.actual()).size());
                    assertEquals(0L, a.single().get("result"));
                    assertEquals("192.0.2.10", ((Map<?, ?>) a.single().get("arguments")).get("ip-address"));
                }));

        Consumer<Answer> statLease = a -> {
            Map<String, Object> m = a.single();
            assertEquals(0L, m.get("result"));
            assertEquals(a.expectedSingle().get("text"), m.get("text"));
            Map<?, ?> set = (Map<?, ?>) ((Map<?, ?>) m.get("arguments")).get("result-set");
            Map<?, ?> kea = (Map<?, ?>) ((Map<?, ?>) a.expectedSingle().get("arguments")).get("result-set");
            assertEquals(kea.get("columns"), set.get("columns"));
            assertTrue(((String) set.get("timestamp")).matches(TIMESTAMP));
            // subnet 1: 191 addresses; this replay's leases (9 active + 2 declined); nothing allocated by traffic
            assertEquals(List.of(List.of(1L, 191L, 0L, 11L, 2L)), set.get("rows"));
        };
        String statReason = "the numbers come from this replay's leases, not from the sample server's traffic"
                + " (cumulative-assigned counts addresses handed out to clients, none here)";
        DIFFERENCES.put("stat-lease4-get", new Difference(statReason, statLease));
        DIFFERENCES.put("stat-lease4-get-subnet", new Difference(statReason, statLease));

        DIFFERENCES.put("lease4-get-all-subnets", new Difference("Kea's memfile lists a subnet's leases in the"
                + " order they were added; Leasehold's store lists them in address order (as lease4-get-all and"
                + " lease4-get-page do). Same leases, same fields", a -> {
                    Map<String, Object> m = a.single();
                    assertEquals(0L, m.get("result"));
                    assertEquals(a.expectedSingle().get("text"), m.get("text"));
                    compare(byAddress(a.expectedSingle()), byAddress(m), "lease4-get-all-subnets");
                }));
        DIFFERENCES.put("config-set-invalid", new Difference("configuration errors are Leasehold's own texts"
                + " (source:line:column: JSON path: reason) about the same problem", a -> {
                    assertEquals(1L, a.single().get("result"));
                    String text = (String) a.single().get("text");
                    assertTrue(text.contains("192.168.0.1") && text.contains("10.0.0.0/8"), text);
                }));
        DIFFERENCES.put("config-test-bad", new Difference("configuration errors are Leasehold's own texts; Kea"
                + " 2.2's 'intValue() called on non-integer Element' is replaced by one naming the parameter", a -> {
                    assertEquals(1L, a.single().get("result"));
                    String text = (String) a.single().get("text");
                    assertTrue(text.contains("valid-lifetime") && text.contains("integer"), text);
                }));

        String samplesReason = "Kea keeps up to 20 timestamped samples of a traffic history this replay does not"
                + " have; Leasehold keeps the latest sample only. Names and the [[value, timestamp]] shape match";
        DIFFERENCES.put("statistic-get-all", new Difference(samplesReason, a -> {
            assertEquals(0L, a.single().get("result"));
            Map<?, ?> mine = (Map<?, ?>) a.single().get("arguments");
            Map<?, ?> kea = (Map<?, ?>) a.expectedSingle().get("arguments");
            for (Object name : kea.keySet()) {
                assertTrue(mine.containsKey(name), "statistic " + name + " is missing");
            }
            mine.values().forEach(KeaCommandVectorsTest::assertSamples);
            assertEquals(191L, latest(mine, "subnet[1].total-addresses"), "pool 192.0.2.10-200");
            assertEquals((long) a.server().leaseStore().size(), latest(mine, "subnet[1].assigned-addresses"));
        }));
        DIFFERENCES.put("statistic-get", new Difference(samplesReason, a -> {
            Map<?, ?> mine = (Map<?, ?>) a.single().get("arguments");
            assertEquals(Set.of("pkt4-received"), mine.keySet());
            assertSamples(mine.get("pkt4-received"));
            assertEquals(0L, latest(mine, "pkt4-received"), "no packet was sent to this server");
        }));
        DIFFERENCES.put("statistic-get-subnet", new Difference(samplesReason, a -> {
            Map<?, ?> mine = (Map<?, ?>) a.single().get("arguments");
            assertEquals(Set.of("subnet[1].assigned-addresses"), mine.keySet());
            assertSamples(mine.get("subnet[1].assigned-addresses"));
            assertEquals((long) a.server().leaseStore().size(), latest(mine, "subnet[1].assigned-addresses"),
                    "assigned counts active and declined leases");
        }));
    }

    /** Leases the sample server held (lease4-get-all), by address. */
    private static final Map<String, Map<String, Object>> SAMPLE_LEASES = new LinkedHashMap<>();

    @TempDir
    Path dir;

    static Stream<String> vectors() throws IOException {
        try (Stream<Path> s = Files.list(resourceDir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    private static Path resourceDir() {
        try {
            return Path.of(Objects.requireNonNull(KeaCommandVectorsTest.class.getResource("/kea-commands")).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vector(String name) throws IOException {
        try (InputStream in = Files.newInputStream(resourceDir().resolve(name + ".json"))) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static synchronized Map<String, Map<String, Object>> sampleLeases() throws IOException {
        if (SAMPLE_LEASES.isEmpty()) {
            Map<String, Object> all = (Map<String, Object>) vector("lease4-get-all").get("response");
            for (Object l : (List<?>) ((Map<?, ?>) all.get("arguments")).get("leases")) {
                Map<String, Object> lease = (Map<String, Object>) l;
                SAMPLE_LEASES.put((String) lease.get("ip-address"), lease);
            }
        }
        return SAMPLE_LEASES;
    }

    @Test
    void everyVectorIsReplayedAndEveryDifferenceNamesAnExistingVector() throws IOException {
        List<String> names = vectors().toList();
        assertEquals(74, names.size(), "all captured pairs are replayed");
        for (String d : DIFFERENCES.keySet()) {
            assertTrue(names.contains(d), "difference for unknown vector " + d);
            assertFalse(DIFFERENCES.get(d).reason().isBlank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void replay(String name) throws Exception {
        assumeTrue(Epoll.isAvailable(), "the unix control socket needs Linux epoll");
        Map<String, Object> v = vector(name);
        Path config = writeConfig(name);
        VirtualTime time = new VirtualTime(KEA_NOW_MILLIS);
        try (DhcpServer server = DhcpServer.builder().configFile(config).leaseStore(new InMemoryLeaseStore())
                .scheduler(time).transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getLoopbackAddress())
                .serverPort(0).controlTimeout(Duration.ofSeconds(2))
                .httpControl(new InetSocketAddress("127.0.0.1", 0), null).build().start()) {
            seed(server, name);
            Object request = v.get("request");
            String text = request instanceof String s ? s : Json.write(request);
            text = text.replace(KEA_DIR, dir + "/");
            String raw;
            if (name.startsWith("ca-")) {
                HttpResponse<String> r = ControlClients.http(server.httpControlAddress(),
                        text.getBytes(StandardCharsets.UTF_8), null);
                assertEquals(((Long) v.get("http_status")).intValue(), r.statusCode());
                raw = r.body();
            } else {
                raw = ControlClients.unix(server.unixControlSockets().get(0), text);
            }
            Object actual = Json.parse(raw.replace(dir + "/", KEA_DIR));
            Answer answer = new Answer(name, v.get("response"), actual, server);
            Difference d = DIFFERENCES.get(name);
            if (d != null) {
                d.check().accept(answer);
            } else {
                compare(normalise(v.get("response")), actual, name);
            }
            afterwards(name, server);
        }
    }

    /** The sample server's configuration (its config-get answer), with tweaks some vectors need. */
    @SuppressWarnings("unchecked")
    private Path writeConfig(String name) throws IOException {
        Map<String, Object> get = (Map<String, Object>) vector("config-get").get("response");
        Map<String, Object> root = (Map<String, Object>) ((Map<String, Object>) get.get("arguments"));
        Map<String, Object> dhcp4 = new LinkedHashMap<>((Map<String, Object>) root.get("Dhcp4"));
        if (name.equals("status-get-mt-enabled")) {
            dhcp4.put("multi-threading", Map.of("enable-multi-threading", true, "thread-pool-size", 2L,
                    "packet-queue-size", 14L));
        }
        Path file = dir.resolve("kea-dhcp4.json");
        Files.writeString(file, Json.writePretty(Map.of("Dhcp4", dhcp4)).replace(KEA_DIR, dir + "/"));
        return file;
    }

    /** The sample server's leases, less those a vector adds itself, plus those it needs. */
    private void seed(DhcpServer server, String name) throws IOException {
        Set<String> without = new HashSet<>(switch (name) {
            case "lease4-add" -> List.of("192.0.2.150");
            case "lease4-add-no-subnet-id-auto" -> List.of("192.0.2.151");
            case "lease4-add-declined-state" -> List.of("192.0.2.152");
            case "lease4-wipe-subnet-empty" -> sampleLeases().keySet();
            default -> List.<String>of();
        });
        List<Map<String, Object>> leases = new ArrayList<>();
        sampleLeases().forEach((ip, l) -> {
            if (!without.contains(ip)) {
                leases.add(l);
            }
        });
        if (name.equals("lease4-del-by-hw-identifier")) {
            leases.add(Map.of("ip-address", "192.0.2.160", "hw-address", "1a:2b:3c:4d:5e:73", "subnet-id", 1L));
        }
        if (name.equals("lease4-wipe-subnet")) {
            for (int i = 0; i < 7; i++) { // the sample server held 18 leases when it was wiped
                leases.add(Map.of("ip-address", "192.0.2." + (30 + i), "hw-address", "02:00:00:00:01:0" + i,
                        "subnet-id", 1L));
            }
        }
        for (Map<String, Object> l : leases) {
            Map<String, Object> args = new LinkedHashMap<>(l);
            if (l.containsKey("cltt")) {
                args.remove("cltt");
                args.put("expire", (Long) l.get("cltt") + (Long) l.get("valid-lft"));
            }
            ControlResult r = server.commands().execute(new Command("lease4-add", args, List.of(), "test"));
            assertEquals(0, r.result(), "seeding " + l + ": " + r.text());
        }
    }

    /** Checks that go beyond the answer. */
    private void afterwards(String name, DhcpServer server) throws Exception {
        switch (name) {
            case "lease4-add" -> {
                // Kea stored exactly this lease (lease4-get-all of the sample server).
                Lease4 l = server.leaseStore().get(Ipv4.parse("192.0.2.150")).orElseThrow();
                Map<String, Object> mine = Json.parse(Json.write(io.leasehold.dhcp.control.LeaseJson.toMap(l)))
                        instanceof Map<?, ?> m ? castMap(m) : Map.of();
                compare(sampleLeases().get("192.0.2.150"), mine, name + " stored lease");
            }
            case "shutdown", "shutdown-2" -> {
                try {
                    assertEquals(0, server.awaitShutdown(), "shutdown releases awaitShutdown()");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            case "dhcp-disable", "dhcp-disable-origin" -> assertFalse(server.service().isEnabled());
            case "lease4-wipe-subnet", "lease4-wipe-subnet-empty" -> assertEquals(0, server.leaseStore().size());
            case "config-write" -> assertNotNull(io.leasehold.dhcp.config.KeaConfigLoader.load(dir.resolve("written.json")),
                    "the written configuration loads again");
            default -> {
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Kea appends its parser position to some texts, e.g. " (<wire>:0:40)"; Leasehold's texts stop before it. */
    private static Object normalise(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, k.equals("text") && x instanceof String s
                    ? s.replaceAll(" \\(<wire>:\\d+:\\d+\\)$", "") : normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(KeaCommandVectorsTest::normalise).toList();
        }
        return v;
    }

    /** Same keys (Leasehold may add {@link #ADDED_KEYS}), same types, same values except {@link #VOLATILE} ones. */
    static void compare(Object expected, Object actual, String path) {
        if (expected instanceof Map<?, ?> e) {
            assertInstanceOf(Map.class, actual, path);
            Map<?, ?> a = (Map<?, ?>) actual;
            for (Object k : a.keySet()) {
                assertTrue(e.containsKey(k) || ADDED_KEYS.containsKey(k), path + ": unexpected key " + k);
            }
            for (Map.Entry<?, ?> x : e.entrySet()) {
                String p = path + "/" + x.getKey();
                assertTrue(a.containsKey(x.getKey()), p + " is missing in " + actual);
                if (VOLATILE.contains(x.getKey())) {
                    assertEquals(typeOf(x.getValue()), typeOf(a.get(x.getKey())), p);
                } else {
                    compare(x.getValue(), a.get(x.getKey()), p);
                }
            }
        } else if (expected instanceof List<?> e) {
            assertInstanceOf(List.class, actual, path);
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), path + ": list length of " + actual);
            for (int i = 0; i < e.size(); i++) {
                compare(e.get(i), a.get(i), path + "[" + i + "]");
            }
        } else if (expected instanceof Number e && actual instanceof Number a
                && (e instanceof Double || a instanceof Double)) {
            if (path.contains("packet-queue-statistics")) {
                return; // queue depth averages: any number
            }
            assertEquals(e.doubleValue(), a.doubleValue(), 1e-9, path);
        } else if (expected instanceof String e && e.matches(TIMESTAMP)) {
            assertTrue(actual instanceof String a && a.matches(TIMESTAMP), path + ": timestamp " + actual);
        } else {
            assertEquals(expected, actual, path);
        }
    }

    private static String typeOf(Object v) {
        return v instanceof Number ? "number" : v == null ? "null" : v.getClass().getSimpleName();
    }

    private static void assertSamples(Object v) {
        assertInstanceOf(List.class, v);
        List<?> samples = (List<?>) v;
        assertFalse(samples.isEmpty());
        for (Object s : samples) {
            List<?> pair = (List<?>) s;
            assertEquals(2, pair.size());
            assertInstanceOf(Long.class, pair.get(0));
            assertTrue(((String) pair.get(1)).matches(TIMESTAMP), pair.toString());
        }
    }

    private static List<Object> byAddress(Map<String, Object> answer) {
        List<Object> leases = new ArrayList<>((List<?>) ((Map<?, ?>) answer.get("arguments")).get("leases"));
        leases.sort(java.util.Comparator.comparingInt(l -> Ipv4.parse((String) ((Map<?, ?>) l).get("ip-address"))));
        return leases;
    }

    private static long latest(Map<?, ?> stats, String name) {
        return (Long) ((List<?>) ((List<?>) stats.get(name)).get(0)).get(0);
    }
}
