package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Load-balancing communication-recovery against a real Kea 2.2 partner (issue #21 section 2), Leasehold in either
 * role. The HA traffic runs on its own veth pair between the two servers' namespaces (10.32.0.1 - 10.32.0.2, the peer
 * URLs), the clients reach both servers over a bridge (perfdhcp relayed to both, the same MACs). Setting the veth pair
 * down cuts only the peer link: both servers go to {@code communication-recovery} (delayed-updates-limit &gt; 0,
 * max-unacked-clients high enough that nobody goes partner-down), serve their own scope and queue their lease
 * updates; new clients arrive; the link comes back. Below delayed-updates-limit the queued updates are replayed
 * (lease4-update / lease4-del) and the pair returns to load-balancing without going through syncing; above it the
 * backlog overflowed, the pair resets (ha-reset, waiting) and does a full lease sync. Either way both servers end
 * with the same lease set (lease4-get-all on each), which is the union of what each served.
 */
class CommunicationRecoveryInteropTest {
    private static final Path HOOKS = HaLab.KEA_HOOKS;
    private static final String LH_IP = "10.30.0.1";
    private static final String KEA_IP = "10.30.0.2";
    private static final String LH_HA_IP = "10.32.0.1";
    private static final String KEA_HA_IP = "10.32.0.2";
    private static final String RELAY_IP = "10.30.0.9";
    private static final String RELAY2_IP = "10.30.0.10";
    private static final int HEARTBEAT_MS = 1000;
    private static final int MAX_RESPONSE_MS = 3000;
    private static final int DELAYED_UPDATES_LIMIT = 100;
    /** Clients before the cut (about half per server). */
    private static final int INITIAL_CLIENTS = 40;
    /** Pools: the primary's scope, then the secondary's (each larger than any case needs). */
    private static final String[] LB_POOLS = {"10.31.1.0 - 10.31.2.255", "10.31.3.0 - 10.31.4.255"};

    @TempDir
    Path dir;

    /**
     * {@code clients} new clients during the cut, relayed to both servers: about half hash to each scope, so 60 gives
     * each server about 30 queued updates (below the limit of 100) and 360 about 180 (above it).
     */
    @ParameterizedTest(name = "Leasehold is {0}, {1} new clients during the cut ({2} the limit)")
    @CsvSource({"primary, 60, below", "secondary, 60, below", "primary, 360, above", "secondary, 360, above"})
    void peerLinkCutAndRestored(String leaseholdRole, int clients, String relation) throws Exception {
        assumeKea();
        boolean leaseholdPrimary = leaseholdRole.equals("primary");
        boolean above = relation.equals("above");
        String tag = "[leasehold " + leaseholdRole + ", " + clients + " clients, " + relation + " the limit]";
        long tStart = System.nanoTime();
        try (Netns lab = new Netns()) {
            String sw = lab.namespace("crsw");
            HaLab.bridge(lab, sw);
            String lhNs = HaLab.attach(lab, sw, "crlh", "p1", LH_IP);
            String keaNs = HaLab.attach(lab, sw, "crkea", "p2", KEA_IP);
            String relayNs = HaLab.attach(lab, sw, "crrly", "p3", RELAY_IP);
            HaLab.exec(lab, relayNs, "ip", "addr", "add", RELAY2_IP + "/24", "dev", "eth0");
            // the peer link: its own veth pair, nothing else uses it
            lab.link(lhNs, "ha0", LH_HA_IP + "/24", keaNs, "ha0", KEA_HA_IP + "/24", null);

            Node lh = new Node("leasehold", lhNs, false, leaseholdPrimary);
            Node kea = new Node("kea", keaNs, true, !leaseholdPrimary);
            String lhPool = LB_POOLS[leaseholdPrimary ? 0 : 1];
            String keaPool = LB_POOLS[leaseholdPrimary ? 1 : 0];
            try {
                lh.start(lab);
                kea.start(lab);
                long t0 = System.nanoTime();
                HaLab.waitForState(lh.server, lh.name, "load-balancing", 60);
                HaLab.waitForState(kea.server, kea.name, "load-balancing", 60);
                System.out.printf("%s pair in load-balancing after %d ms%n", tag, millisSince(t0));

                // 1. some leases before the cut, replicated both ways
                int[] acks = load(lab, relayNs, "00:0e:01:00:00:00", INITIAL_CLIENTS);
                Map<String, String> before = HaLab.waitForSameLeases(lh.server, lh.name, kea.server, kea.name, 15);
                assertTrue(before.size() >= INITIAL_CLIENTS / 2, "leases before the cut: " + before.size()
                        + " (acks " + acks[0] + "/" + acks[1] + ")");

                // 2. cut the peer link only: both go to communication-recovery, neither to partner-down
                long cut = System.nanoTime();
                setPeerLink(lab, lhNs, keaNs, "down");
                waitForStates(lh, kea, "communication-recovery", 30);
                System.out.printf("%s both in communication-recovery %d ms after the cut%n", tag, millisSince(cut));

                // 3. new clients while the link is down: each server serves its own scope and queues
                long loadStart = System.nanoTime();
                acks = load(lab, relayNs, "00:0e:02:00:00:00", clients);
                Map<String, String> lhNow = settledLeaseMap(lh);
                Map<String, String> keaNow = settledLeaseMap(kea);
                Map<String, String> lhNew = minus(lhNow, before);
                Map<String, String> keaNew = minus(keaNow, before);
                System.out.printf("%s during the cut (%d ms): leasehold acked %d and holds %d new leases, kea acked"
                        + " %d and holds %d new leases%n", tag, millisSince(loadStart), acks[0], lhNew.size(),
                        acks[1], keaNew.size());
                assertEquals(before, minus(lhNow, lhNew), "leasehold lost no lease");
                assertEquals(before, minus(keaNow, keaNew), "kea lost no lease");
                assertEquals(lhNew, inPool(lhNew, lhPool), "leasehold served only its own scope");
                assertEquals(keaNew, inPool(keaNew, keaPool), "kea served only its own scope");
                for (String mac : lhNew.values()) {
                    assertFalse(keaNew.containsValue(mac), mac + " served by both");
                }
                assertEquals("communication-recovery", HaLab.state(lh.server), "leasehold after the load");
                assertEquals("communication-recovery", HaLab.state(kea.server), "kea after the load");
                if (above) {
                    assertTrue(lhNew.size() > DELAYED_UPDATES_LIMIT && keaNew.size() > DELAYED_UPDATES_LIMIT,
                            "both above the limit: leasehold " + lhNew.size() + ", kea " + keaNew.size());
                } else {
                    assertTrue(lhNew.size() >= 10 && keaNew.size() >= 10, "both served: leasehold " + lhNew.size()
                            + ", kea " + keaNew.size());
                    assertTrue(lhNew.size() < DELAYED_UPDATES_LIMIT && keaNew.size() < DELAYED_UPDATES_LIMIT,
                            "both below the limit: leasehold " + lhNew.size() + ", kea " + keaNew.size());
                }

                // 4. restore the link: back to load-balancing, by replay (below) or by a full sync (above)
                long lhLogMark = Files.size(lh.server.log);
                long keaLogMark = Files.size(kea.server.log);
                long restore = System.nanoTime();
                setPeerLink(lab, lhNs, keaNs, "up");
                Map<String, String> expected = new TreeMap<>(before);
                expected.putAll(lhNew);
                expected.putAll(keaNew);
                Map<String, String> synced = waitForLbAndSameLeases(lh, kea, expected.size(), 60);
                System.out.printf("%s pair back in load-balancing with %d leases on both %d ms after the restore%n",
                        tag, synced.size(), millisSince(restore));
                assertEquals(expected, synced, "both hold the union of what each served");

                List<String> lhTransitions = transitions(lh.server.log, lhLogMark, "LH_HA_STATE_CHANGE");
                List<String> keaTransitions = transitions(kea.server.log, keaLogMark, "HA_STATE_TRANSITION");
                System.out.printf("%s after the restore:%n  leasehold %s%n  kea %s%n", tag, lhTransitions,
                        keaTransitions);
                boolean lhSynced = lhTransitions.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("syncing"));
                boolean keaSynced = keaTransitions.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT)
                        .contains("SYNCING"));
                if (above) {
                    assertTrue(lhSynced && keaSynced, "above the limit both servers sync fully");
                } else {
                    assertFalse(lhSynced || keaSynced, "below the limit nobody syncs");
                    for (String t : lhTransitions) {
                        assertFalse(t.toLowerCase(Locale.ROOT).contains("waiting"), "below the limit: " + t);
                    }
                    for (String t : keaTransitions) {
                        assertFalse(t.contains("WAITING"), "below the limit: " + t);
                    }
                }
                System.out.printf("%s case done in %d ms%n", tag, millisSince(tStart));
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- leasehold HA states:\n" + lh.haLines()
                        + "\n--- kea HA states:\n" + kea.haLines() + "\n--- leasehold log tail:\n" + lh.logTail()
                        + "\n--- kea log tail:\n" + kea.logTail(), e);
            } finally {
                lh.kill();
                kea.kill();
            }
        }
    }

    private static void setPeerLink(Netns lab, String lhNs, String keaNs, String upDown) throws Exception {
        HaLab.exec(lab, lhNs, "ip", "link", "set", "ha0", upDown);
        HaLab.exec(lab, keaNs, "ip", "link", "set", "ha0", upDown);
    }

    /** perfdhcp relayed to both servers with the same client MACs; returns {leasehold's ACKs, kea's ACKs}. */
    private static int[] load(Netns lab, String relayNs, String population, int clients) throws Exception {
        CompletableFuture<Integer> toLh = CompletableFuture.supplyAsync(() -> RealClientsTest.call(
                () -> perfdhcp(lab, relayNs, RELAY_IP, LH_IP, population, clients)));
        CompletableFuture<Integer> toKea = CompletableFuture.supplyAsync(() -> RealClientsTest.call(
                () -> perfdhcp(lab, relayNs, RELAY2_IP, KEA_IP, population, clients)));
        return new int[] {toLh.get(), toKea.get()};
    }

    /**
     * The server's leases once they stop changing (bounded): on a busy machine a server may still work through
     * queued queries after perfdhcp has given up on them.
     */
    private static Map<String, String> settledLeaseMap(Node n) throws Exception {
        Map<String, String> last = HaLab.leaseMap(n.server);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500); // another process may still be answering queued queries
            Map<String, String> now = HaLab.leaseMap(n.server);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError(n.name + "'s leases still change 10 s after the load");
    }

    /** Both servers in {@code wanted} (bounded); fails early if either reaches partner-down. */
    private static void waitForStates(Node a, Node b, String wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String sa = null;
        String sb = null;
        while (System.nanoTime() < deadline) {
            sa = HaLab.state(a.server);
            sb = HaLab.state(b.server);
            assertFalse("partner-down".equals(sa) || "partner-down".equals(sb), a.name + " is " + sa + ", " + b.name
                    + " is " + sb);
            if (wanted.equals(sa) && wanted.equals(sb)) {
                return;
            }
            Thread.sleep(100); // two other processes' state machines; poll them
        }
        throw new AssertionError(a.name + " is " + sa + ", " + b.name + " is " + sb + ", not " + wanted + " after "
                + seconds + " s");
    }

    /** Both in load-balancing and holding the same {@code size} leases (bounded); returns the lease set. */
    private static Map<String, String> waitForLbAndSameLeases(Node a, Node b, int size, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String sa = null;
        String sb = null;
        while (System.nanoTime() < deadline) {
            sa = HaLab.state(a.server);
            sb = HaLab.state(b.server);
            if ("load-balancing".equals(sa) && "load-balancing".equals(sb)) {
                Map<String, String> la = HaLab.leaseMap(a.server);
                if (la.size() >= size && la.equals(HaLab.leaseMap(b.server))) {
                    return la;
                }
            }
            Thread.sleep(200); // two other processes exchange updates; poll them
        }
        if ("load-balancing".equals(sa) && "load-balancing".equals(sb)) {
            return HaLab.waitForSameLeases(a.server, a.name, b.server, b.name, 1);
        }
        throw new AssertionError(a.name + " is " + sa + ", " + b.name + " is " + sb + ", not both load-balancing "
                + "after " + seconds + " s");
    }

    /** The log lines after byte {@code mark} that contain {@code code}, trimmed to the part from the code on. */
    private static List<String> transitions(Path log, long mark, String code) throws Exception {
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int i = line.indexOf(code);
            if (i >= 0) {
                out.add(line.substring(i).trim());
            }
        }
        return out;
    }

    private static Map<String, String> minus(Map<String, String> a, Map<String, String> b) {
        Map<String, String> out = new TreeMap<>(a);
        out.keySet().removeAll(b.keySet());
        return out;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** The leases whose address is inside the pool range {@code "a - b"}. */
    private static Map<String, String> inPool(Map<String, String> leases, String pool) {
        String[] ends = pool.split(" - ");
        long lo = ipv4(ends[0]);
        long hi = ipv4(ends[1]);
        Map<String, String> out = new TreeMap<>();
        leases.forEach((ip, mac) -> {
            long a = ipv4(ip);
            if (a >= lo && a <= hi) {
                out.put(ip, mac);
            }
        });
        return out;
    }

    private static long ipv4(String s) {
        long v = 0;
        for (String part : s.trim().split("\\.")) {
            v = v << 8 | Integer.parseInt(part);
        }
        return v;
    }

    /** One server of the pair: its namespace, config, control socket and process. */
    private final class Node {
        final String name;
        final String ns;
        final boolean kea;
        final Path config;
        final Path socket;
        LabServer server;

        Node(String name, String ns, boolean kea, boolean primary) throws Exception {
            this.name = name;
            this.ns = ns;
            this.kea = kea;
            this.socket = dir.resolve(name + ".sock");
            this.config = dir.resolve(name + ".json");
            Files.writeString(config, config(name, socket, primary ? name : other(name)));
            Files.createDirectories(dir.resolve(name + "-run"));
        }

        void start(Netns lab) throws Exception {
            Path log = dir.resolve(name + ".log");
            if (kea) {
                Path run = dir.resolve(name + "-run");
                server = LabServer.launch(lab, ns, log, socket, List.of("env", "KEA_PIDFILE_DIR=" + run,
                        "KEA_LOCKFILE_DIR=" + run, "kea-dhcp4", "-c", config.toString()));
            } else {
                server = LabServer.launch(lab, ns, log, socket, List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                        System.getProperty("java.class.path"), "io.leasehold.dhcp.examples.Main", "-c",
                        config.toString()));
            }
        }

        void kill() throws InterruptedException {
            if (server != null && server.process.isAlive()) {
                server.process.destroyForcibly();
                assertTrue(server.process.waitFor(10, TimeUnit.SECONDS), name + " did not die");
            }
        }

        String logTail() {
            return HaLab.tail(server);
        }

        /** Every state change, reset and sync line of the log. */
        String haLines() {
            if (server == null) {
                return "(not started)";
            }
            try {
                List<String> out = new ArrayList<>();
                for (String code : List.of(kea ? "HA_STATE_TRANSITION" : "LH_HA_STATE_CHANGE", "RESET", "SYNC")) {
                    out.addAll(transitions(server.log, 0, code));
                }
                return String.join("\n", out);
            } catch (Exception e) {
                return "(no log: " + e + ")";
            }
        }
    }

    private static String other(String name) {
        return name.equals("kea") ? "leasehold" : "kea";
    }

    private static String config(String self, Path socket, String primaryName) {
        String secondaryName = other(primaryName);
        String primaryIp = primaryName.equals("kea") ? KEA_HA_IP : LH_HA_IP;
        String secondaryIp = primaryName.equals("kea") ? LH_HA_IP : KEA_HA_IP;
        String pools = "[ { \"pool\": \"" + LB_POOLS[0] + "\", \"client-class\": \"HA_" + primaryName + "\" }, "
                + "{ \"pool\": \"" + LB_POOLS[1] + "\", \"client-class\": \"HA_" + secondaryName + "\" } ]";
        return """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "eth0" ] },
                    "control-socket": { "socket-type": "unix", "socket-name": "%1$s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2,
                                         "packet-queue-size": 64 },
                    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
                    "subnet4": [ { "id": 1, "subnet": "10.31.0.0/16", "relay": { "ip-addresses": [ %2$s ] },
                                   "pools": %11$s } ],
                    "hooks-libraries": [
                      { "library": "%3$s/libdhcp_lease_cmds.so" },
                      { "library": "%3$s/libdhcp_ha.so", "parameters": { "high-availability": [ {
                          "this-server-name": "%4$s",
                          "mode": "load-balancing",
                          "heartbeat-delay": %9$d,
                          "max-response-delay": %10$d,
                          "max-ack-delay": 1000,
                          "max-unacked-clients": 100000,
                          "delayed-updates-limit": %12$d,
                          "sync-timeout": 30000,
                          "sync-page-limit": 100,
                          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                                               "http-listener-threads": 1, "http-client-threads": 1 },
                          "peers": [
                            { "name": "%5$s", "url": "http://%6$s:8001/", "role": "primary",
                              "auto-failover": true },
                            { "name": "%7$s", "url": "http://%8$s:8001/", "role": "secondary",
                              "auto-failover": true } ] } ] } } ],
                    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ],
                                   "severity": "INFO" } ]
                } }
                """.formatted(socket, "\"" + RELAY_IP + "\", \"" + RELAY2_IP + "\"", HOOKS, self, primaryName,
                primaryIp, secondaryName, secondaryIp, HEARTBEAT_MS, MAX_RESPONSE_MS, pools, DELAYED_UPDATES_LIMIT);
    }

    private static void assumeKea() {
        Netns.assumeLab("kea-dhcp4", "perfdhcp");
        for (String lib : List.of("libdhcp_ha.so", "libdhcp_lease_cmds.so")) {
            assumeTrue(Files.isRegularFile(HOOKS.resolve(lib)), HOOKS.resolve(lib) + " is missing; skipping");
        }
    }

    /** Runs perfdhcp as a relay (giaddr {@code relay}) towards {@code server}; returns the number of ACKs. */
    private static int perfdhcp(Netns lab, String relayNs, String relay, String server, String baseMac, int clients)
            throws Exception {
        Netns.Result perf = lab.exec(relayNs, 60, "perfdhcp", "-4", "-l", relay, "-b", "mac=" + baseMac,
                "-r", "60", "-R", Integer.toString(clients), "-n", Integer.toString(clients), "-p", "30", server);
        assertFalse(perf.timedOut(), "perfdhcp timed out:\n" + perf.output());
        int acks = RealClientsTest.receivedAcks(perf.output());
        if (acks < clients / 4) {
            System.out.println("perfdhcp towards " + server + ": " + acks + " ACKs of " + clients + " (exit "
                    + perf.exit() + ")\n" + perf.output());
        }
        return acks;
    }
}
