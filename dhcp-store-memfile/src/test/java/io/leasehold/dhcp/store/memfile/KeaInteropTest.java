package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.leasehold.dhcp.store.memfile.TestLeases.NOW;
import static io.leasehold.dhcp.store.memfile.TestLeases.cid;
import static io.leasehold.dhcp.store.memfile.TestLeases.hw;
import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Round trips through a real Kea 2.2 {@code kea-dhcp4} (Debian): a file Leasehold wrote is loaded by Kea (and cleaned
 * by kea-lfc) and read back with {@code lease4-get-all}; a file Kea wrote through {@code lease4-add/-update/-del} is
 * loaded by Leasehold. Skips when kea-dhcp4, the lease_cmds hook or root are missing.
 */
class KeaInteropTest {
    private static final Path KEA = Path.of("/usr/sbin/kea-dhcp4");
    private static final Path LEASE_CMDS = Path.of("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so");

    @TempDir
    Path dir;
    private Process kea;
    private final StringBuffer keaLog = new StringBuffer();

    @BeforeEach
    void requireKea() throws IOException {
        assumeTrue(Files.isExecutable(KEA), "kea-dhcp4 is not installed at " + KEA + " (apt install kea-dhcp4-server)");
        assumeTrue(Files.exists(LEASE_CMDS), "Kea's lease_cmds hook is missing: " + LEASE_CMDS);
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        assumeTrue(root, "kea-dhcp4 needs root");
    }

    @AfterEach
    void killKea() throws InterruptedException {
        if (kea != null && kea.isAlive()) {
            kea.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Leasehold writes (with updates, deletions and awkward text), Kea loads, kea-lfc cleans, Leasehold reloads. */
    @Test
    void keaLoadsWhatLeaseholdWrote() throws Exception {
        Path file = dir.resolve("leases4.csv");
        List<Lease4> written = List.of(
                Lease4.builder(ip("192.0.2.10")).hardwareAddress(hw("00:0c:01:02:03:04"))
                        .clientId(cid("01:00:0c:01:02:03:04")).validLifetime(3600).cltt(NOW).subnetId(1).build(),
                Lease4.builder(ip("192.0.2.11")).hardwareAddress(hw("1a:2b:3c:4d:5e:6f")).clientId(cid("ff:01"))
                        .validLifetime(7200).cltt(NOW + 5).subnetId(1).fqdnForward(true).fqdnReverse(true)
                        .hostname("comma,host&amp.example.org")
                        .userContext("{ \"n\": 1, \"note\": \"has, comma & \\\"quotes\\\"\", \"l\": [1, 2] }").build(),
                Lease4.builder(ip("192.0.2.12")).validLifetime(86400).cltt(NOW).subnetId(1)
                        .state(LeaseState.DECLINED).build(),
                Lease4.builder(ip("192.0.2.13")).hardwareAddress(hw("02:00:00:00:00:13")).validLifetime(600)
                        .cltt(NOW - 10_000).subnetId(1).state(LeaseState.EXPIRED_RECLAIMED).poolId(2).build(),
                Lease4.builder(ip("198.51.100.7")).hardwareAddress(hw("02:00:00:00:00:07")).validLifetime(900)
                        .cltt(NOW).subnetId(2).hostname("h7").build());
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            store.add(Lease4.builder(ip("192.0.2.99")).hardwareAddress(hw("02:00:00:00:00:99")).validLifetime(60)
                    .cltt(NOW).subnetId(1).build());
            for (Lease4 l : written) {
                store.add(l.toBuilder().hostname("old").cltt(1).build());
                store.update(l);
            }
            store.delete(ip("192.0.2.99"));
        }
        startKea(file);
        List<Map<String, Object>> keaLeases = leaseGetAll();
        waitForKeaLfc();
        stopKea();
        assertEquals(written.size(), keaLeases.size(), keaLeases.toString());
        for (int i = 0; i < written.size(); i++) {
            assertSameLease(written.get(i), keaLeases.get(i));
        }
        // kea-lfc rewrote the file set in Kea 2.2's 11 columns, re-printing user contexts its own way; Leasehold
        // loads that too (the pool id is lost: Kea 2.2 has no such column).
        assertTrue(Files.exists(dir.resolve("leases4.csv.2")), "kea-lfc ran: " + names());
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            List<Lease4> reloaded = TestLeases.all(store);
            assertEquals(written.size(), reloaded.size());
            for (int i = 0; i < written.size(); i++) {
                Lease4 w = written.get(i);
                Lease4 r = reloaded.get(i);
                assertEquals(w.toBuilder().poolId(0).userContext(null).build(), r.toBuilder().userContext(null).build());
                assertEquals(w.userContext() == null ? null : Json.parse(w.userContext()),
                        r.userContext() == null ? null : Json.parse(r.userContext()));
            }
            assertTrue(reloaded.get(1).userContext().startsWith("{ \""), "Kea's printer: " + reloaded.get(1));
        }
    }

    /** Kea writes with lease4-add, -update and -del; Leasehold loads exactly the leases Kea reports. */
    @Test
    void leaseholdLoadsWhatKeaWrote() throws Exception {
        Path file = dir.resolve("leases4.csv");
        startKea(file);
        command("{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": \"192.0.2.150\","
                + " \"hw-address\": \"1a:2b:3c:4d:5e:6f\", \"client-id\": \"01:1a:2b:3c:4d:5e:6f\", \"valid-lft\": 7200,"
                + " \"expire\": " + (NOW + 7200) + ", \"hostname\": \"comma,host&x.example.org\", \"fqdn-fwd\": true,"
                + " \"fqdn-rev\": true, \"user-context\": {\"note\": \"has, comma and \\\"quotes\\\"\", \"n\": 1}}}");
        command("{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": \"192.0.2.152\","
                + " \"hw-address\": \"1a:2b:3c:4d:5e:72\", \"state\": 1, \"expire\": 1900000000, \"subnet-id\": 1}}");
        command("{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": \"192.0.2.160\","
                + " \"hw-address\": \"1a:2b:3c:4d:5e:73\"}}");
        command("{\"command\": \"lease4-add\", \"arguments\": {\"ip-address\": \"198.51.100.20\","
                + " \"hw-address\": \"02:00:00:00:00:20\", \"valid-lft\": 1000, \"expire\": " + (NOW + 1000) + "}}");
        command("{\"command\": \"lease4-update\", \"arguments\": {\"ip-address\": \"198.51.100.20\","
                + " \"hw-address\": \"02:00:00:00:00:21\", \"hostname\": \"moved\", \"valid-lft\": 500, \"expire\": "
                + (NOW + 600) + ", \"subnet-id\": 2}}");
        command("{\"command\": \"lease4-del\", \"arguments\": {\"ip-address\": \"192.0.2.160\"}}");
        List<Map<String, Object>> keaLeases = leaseGetAll();
        stopKea();
        assertEquals(3, keaLeases.size(), keaLeases.toString());
        assertEquals(LeaseFileFormatTest.HEADER_11, TestLeases.lines(file).get(0), "Kea 2.2 wrote its own format");
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            List<Lease4> ours = TestLeases.all(store);
            assertEquals(keaLeases.size(), ours.size());
            for (int i = 0; i < ours.size(); i++) {
                assertSameLease(ours.get(i), keaLeases.get(i));
            }
            assertEquals("comma,host&x.example.org", store.get(ip("192.0.2.150")).orElseThrow().hostname());
            assertTrue(store.loadProblems().isEmpty());
        }
    }

    private static void assertSameLease(Lease4 ours, Map<String, Object> k) throws IOException {
        String what = "lease " + Ipv4.toString(ours.address()) + " vs Kea " + k;
        assertEquals(Ipv4.toString(ours.address()), k.get("ip-address"), what);
        HardwareAddress hw = ours.hardwareAddress();
        assertEquals(hw == null ? "" : hw.toString(), k.getOrDefault("hw-address", ""), what);
        ClientId cid = ours.clientId();
        assertEquals(cid == null ? null : cid.toString(), k.get("client-id"), what);
        assertEquals(ours.validLifetime(), ((Number) k.get("valid-lft")).longValue(), what);
        assertEquals(ours.cltt(), ((Number) k.get("cltt")).longValue(), what);
        assertEquals(ours.subnetId(), ((Number) k.get("subnet-id")).longValue(), what);
        assertEquals(ours.fqdnForward(), k.get("fqdn-fwd"), what);
        assertEquals(ours.fqdnReverse(), k.get("fqdn-rev"), what);
        assertEquals(ours.hostname(), k.get("hostname"), what);
        assertEquals((long) ours.state(), ((Number) k.get("state")).longValue(), what);
        assertEquals(ours.userContext() == null ? null : Json.parse(ours.userContext()), k.get("user-context"), what);
    }

    // ------------------------------------------------------------------------------------------------ Kea process

    private Path socket() {
        return dir.resolve("kea4.sock");
    }

    private void startKea(Path leaseFile) throws Exception {
        Path config = dir.resolve("kea-dhcp4.json");
        Files.writeString(config, "{\"Dhcp4\": {\n"
                + "  \"interfaces-config\": {\"interfaces\": []},\n"
                + "  \"control-socket\": {\"socket-type\": \"unix\", \"socket-name\": \"" + socket() + "\"},\n"
                + "  \"lease-database\": {\"type\": \"memfile\", \"name\": \"" + leaseFile + "\", \"lfc-interval\": 0},\n"
                + "  \"hooks-libraries\": [{\"library\": \"" + LEASE_CMDS + "\"}],\n"
                + "  \"subnet4\": [{\"id\": 1, \"subnet\": \"192.0.2.0/24\", \"pools\": [{\"pool\": \"192.0.2.10-192.0.2.200\"}]},\n"
                + "              {\"id\": 2, \"subnet\": \"198.51.100.0/24\"}],\n"
                + "  \"loggers\": [{\"name\": \"kea-dhcp4\", \"output_options\": [{\"output\": \"stdout\"}],"
                + " \"severity\": \"INFO\"}]\n"
                + "}}\n");
        ProcessBuilder pb = new ProcessBuilder(KEA.toString(), "-c", config.toString()).redirectErrorStream(true);
        pb.environment().put("KEA_PIDFILE_DIR", dir.toString());
        pb.environment().put("KEA_LOCKFILE_DIR", dir.toString());
        kea = pb.start();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean ok = new AtomicBoolean();
        Thread logReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(kea.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    keaLog.append(line).append('\n');
                    if (line.contains("DHCP4_STARTED")) {
                        ok.set(true);
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // Kea exited.
            }
            started.countDown();
        }, "kea-log");
        logReader.setDaemon(true);
        logReader.start();
        assertTrue(started.await(20, TimeUnit.SECONDS) && ok.get(), "kea-dhcp4 did not start:\n" + keaLog);
    }

    /** Waits for the kea-lfc Kea spawned for the schema conversion, if it is still running. */
    private void waitForKeaLfc() throws Exception {
        assertTrue(keaLog.toString().contains("DHCPSRV_MEMFILE_LFC_EXECUTE"),
                "a 12-column file makes Kea 2.2 convert it:\n" + keaLog);
        for (ProcessHandle h : kea.toHandle().descendants().toList()) {
            h.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    private void stopKea() throws Exception {
        command("{\"command\": \"shutdown\"}");
        assertTrue(kea.waitFor(20, TimeUnit.SECONDS), "kea-dhcp4 did not stop");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> leaseGetAll() throws IOException {
        Map<String, Object> answer = command("{\"command\": \"lease4-get-all\"}");
        List<Map<String, Object>> leases = new ArrayList<>(
                (List<Map<String, Object>>) ((Map<String, Object>) answer.get("arguments")).get("leases"));
        leases.sort(Comparator.comparing(m -> Integer.toUnsignedLong(Ipv4.parse((String) m.get("ip-address")))));
        return leases;
    }

    /** One command per connection, as Kea's unix socket expects; reads until Kea closes (at most 20 s). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> command(String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket()));
             Selector selector = Selector.open()) {
            ByteBuffer out = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
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
            Map<String, Object> result = (Map<String, Object>) Json.parse(answer.toString(StandardCharsets.UTF_8));
            assertEquals(0L, ((Number) result.get("result")).longValue(), json + " -> " + result);
            return result;
        }
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
