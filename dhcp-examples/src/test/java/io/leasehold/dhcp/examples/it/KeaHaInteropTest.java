package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HA interop with a real Kea 2.2 (kea-dhcp4 with libdhcp_ha + libdhcp_lease_cmds, HA+MT dedicated listener) in
 * network namespaces: Leasehold (10.30.0.1) and Kea (10.30.0.2) share a bridge in a switch namespace; perfdhcp
 * (10.30.0.9 and 10.30.0.10) acts as a relay towards a server. For hot-standby and load-balancing, with Leasehold in
 * either role: the pair reaches its normal state and replicates perfdhcp's leases both ways; Kea is killed with SIGKILL
 * and Leasehold goes to partner-down within max-response-delay plus a heartbeat and serves the clients Kea served,
 * at the addresses Kea gave them; Kea restarts, syncs every lease from Leasehold, and the pair returns to its normal
 * state with the same lease set on both. Load balancing splits the pool by the {@code HA_<server>} classes, as seed
 * 002 does (with one shared pool, two active servers can lease one address to two clients at once: Kea's
 * documentation asks for split pools, and Leasehold warns at load, {@code LH_HA_LB_SHARED_POOL}). Skips unless root
 * with kea-dhcp4, its two hook libraries and perfdhcp.
 */
class KeaHaInteropTest {
    private static final Path HOOKS = HaLab.KEA_HOOKS;
    private static final String LH_IP = "10.30.0.1";
    private static final String KEA_IP = "10.30.0.2";
    private static final String RELAY_IP = "10.30.0.9";
    private static final String RELAY2_IP = "10.30.0.10";
    private static final int HEARTBEAT_MS = 1000;
    private static final int MAX_RESPONSE_MS = 3000;
    private static final int CLIENTS = 200;
    /** Pools of the load-balancing configuration: the primary's scope, then the secondary's. */
    private static final String[] LB_POOLS = {"10.31.1.0 - 10.31.1.255", "10.31.2.0 - 10.31.2.255"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, Leasehold is {1}")
    @CsvSource({"hot-standby, primary", "hot-standby, standby", "load-balancing, primary",
            "load-balancing, secondary"})
    void keaFailsAndComesBack(String mode, String leaseholdRole) throws Exception {
        assumeKea();
        boolean lb = mode.equals("load-balancing");
        boolean leaseholdPrimary = leaseholdRole.equals("primary");
        String normal = mode;
        try (Netns lab = new Netns()) {
            String sw = lab.namespace("khsw");
            HaLab.bridge(lab, sw);
            String lhNs = HaLab.attach(lab, sw, "khlh", "p1", LH_IP);
            String keaNs = HaLab.attach(lab, sw, "khkea", "p2", KEA_IP);
            String relayNs = HaLab.attach(lab, sw, "khrly", "p3", RELAY_IP);
            HaLab.exec(lab, relayNs, "ip", "addr", "add", RELAY2_IP + "/24", "dev", "eth0");

            Node lh = new Node("leasehold", lhNs, LH_IP, false, leaseholdPrimary, mode);
            Node kea = new Node("kea", keaNs, KEA_IP, true, !leaseholdPrimary, mode);
            String tag = "[" + mode + ", leasehold " + leaseholdRole + "]";
            try {
                lh.start(lab);
                kea.start(lab);
                long t0 = System.nanoTime();
                HaLab.waitForState(lh.server, lh.name, normal, 60);
                HaLab.waitForState(kea.server, kea.name, normal, 60);
                System.out.printf("%s pair in %s after %d ms%n", tag, normal, millisSince(t0));

                // 1. load, replicated both ways
                String population = "00:0d:01:00:00:00";
                Map<String, String> before;
                if (lb) {
                    // a relay forwards every query to both servers; each answers only the clients of its scope
                    CompletableFuture<Integer> toLh = CompletableFuture.supplyAsync(() -> RealClientsTest.call(
                            () -> perfdhcp(lab, relayNs, RELAY_IP, LH_IP, population, CLIENTS)));
                    CompletableFuture<Integer> toKea = CompletableFuture.supplyAsync(() -> RealClientsTest.call(
                            () -> perfdhcp(lab, relayNs, RELAY2_IP, KEA_IP, population, CLIENTS)));
                    int lhAcks = toLh.get();
                    int keaAcks = toKea.get();
                    System.out.printf("%s leasehold acked %d, kea acked %d of %d queries each%n", tag, lhAcks,
                            keaAcks, CLIENTS);
                    assertTrue(lhAcks >= CLIENTS / 5 && keaAcks >= CLIENTS / 5, "each server serves its scope");
                    before = HaLab.waitForSameLeases(lh.server, lh.name, kea.server, kea.name, 15);
                    Map<String, String> lhPool = inPool(before, LB_POOLS[leaseholdPrimary ? 0 : 1]);
                    Map<String, String> keaPool = inPool(before, LB_POOLS[leaseholdPrimary ? 1 : 0]);
                    assertEquals(before.size(), lhPool.size() + keaPool.size(), "every lease in a scope pool");
                    assertTrue(lhPool.size() >= 10 && keaPool.size() >= 10, "both servers allocated: leasehold "
                            + lhPool.size() + ", kea " + keaPool.size());
                    assertEquals(before.size(), new HashSet<>(before.values()).size(),
                            "each client was served by exactly one server (both hash it to the same scope)");
                } else {
                    Node primary = leaseholdPrimary ? lh : kea;
                    int acks = perfdhcp(lab, relayNs, RELAY_IP, primary.ip, population, CLIENTS);
                    assertTrue(acks >= CLIENTS * 9 / 10, primary.name + " served only " + acks);
                    before = HaLab.waitForSameLeases(lh.server, lh.name, kea.server, kea.name, 15);
                }
                assertTrue(before.size() >= 50, "leases after the load: " + before.size());
                System.out.printf("%s %d leases on both servers%n", tag, before.size());

                // 2. Kea dies hard: Leasehold takes over within max-response-delay + a heartbeat
                kea.kill();
                long killed = System.nanoTime();
                HaLab.waitForState(lh.server, lh.name, "partner-down", 20);
                long toPartnerDown = millisSince(killed);
                System.out.printf("%s leasehold in partner-down %d ms after SIGKILL of kea%n", tag, toPartnerDown);
                assertTrue(toPartnerDown <= MAX_RESPONSE_MS + HEARTBEAT_MS + 2000,
                        "partner-down took " + toPartnerDown + " ms");

                // 3. Leasehold serves every client, Kea's included, at the addresses they already hold
                int all = perfdhcp(lab, relayNs, RELAY_IP, LH_IP, population, CLIENTS);
                assertTrue(all >= CLIENTS * 9 / 10, "in partner-down leasehold served only " + all);
                Map<String, String> after = HaLab.leaseMap(lh.server);
                before.forEach((ip, mac) -> assertEquals(mac, after.get(ip), ip + " keeps its client"));
                int fresh = perfdhcp(lab, relayNs, RELAY_IP, LH_IP, "00:0d:02:00:00:00", 100);
                assertTrue(fresh >= 90, "new clients in partner-down: " + fresh);
                Map<String, String> served = HaLab.leaseMap(lh.server);
                assertEquals(served.size(), new HashSet<>(served.values()).size(), "one address per client");
                assertTrue(served.size() > before.size(), "new leases in partner-down: " + served.size());

                // 4. Kea comes back with the same configuration, syncs from Leasehold, the pair is normal again
                long restart = System.nanoTime();
                kea.start(lab);
                HaLab.waitForState(kea.server, kea.name, normal, 60);
                HaLab.waitForState(lh.server, lh.name, normal, 30);
                Map<String, String> synced = HaLab.waitForSameLeases(lh.server, lh.name, kea.server, kea.name, 15);
                System.out.printf("%s kea synced %d leases, pair back in %s %d ms after the restart%n", tag,
                        synced.size(), normal, millisSince(restart));
                assertEquals(served, synced, "kea holds exactly the leases leasehold holds");
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- leasehold log tail:\n" + lh.logTail()
                        + "\n--- kea log tail:\n" + kea.logTail(), e);
            } finally {
                lh.kill();
                kea.kill();
            }
        }
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

    /** One server of the pair: its namespace, config, control socket and (current) process. */
    private final class Node {
        final String name;
        final String ns;
        final String ip;
        final boolean kea;
        final Path config;
        final Path socket;
        LabServer server;
        int starts;

        Node(String name, String ns, String ip, boolean kea, boolean primary, String mode) throws Exception {
            this.name = name;
            this.ns = ns;
            this.ip = ip;
            this.kea = kea;
            this.socket = dir.resolve(name + ".sock");
            this.config = dir.resolve(name + ".json");
            Files.writeString(config, config(name, socket, primary ? name : other(name), mode));
            Files.createDirectories(dir.resolve(name + "-run"));
        }

        void start(Netns lab) throws Exception {
            starts++;
            Path log = dir.resolve(name + "-" + starts + ".log");
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
                server.process.destroyForcibly(); // SIGKILL on Linux
                assertTrue(server.process.waitFor(10, TimeUnit.SECONDS), name + " did not die");
            }
        }

        String logTail() {
            return HaLab.tail(server);
        }
    }

    private static String other(String name) {
        return name.equals("kea") ? "leasehold" : "kea";
    }

    private static String config(String self, Path socket, String primaryName, String mode) {
        String standbyName = other(primaryName);
        String primaryIp = primaryName.equals("kea") ? KEA_IP : LH_IP;
        String standbyIp = primaryName.equals("kea") ? LH_IP : KEA_IP;
        return """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "eth0" ] },
                    "control-socket": { "socket-type": "unix", "socket-name": "%1$s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2,
                                         "packet-queue-size": 64 },
                    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
                    "subnet4": [ { "id": 1, "subnet": "10.31.0.0/16", "relay": { "ip-addresses": [ %2$s ] },
                                   "pools": %13$s } ],
                    "hooks-libraries": [
                      { "library": "%3$s/libdhcp_lease_cmds.so" },
                      { "library": "%3$s/libdhcp_ha.so", "parameters": { "high-availability": [ {
                          "this-server-name": "%4$s",
                          "mode": "%11$s",
                          "heartbeat-delay": %9$d,
                          "max-response-delay": %10$d,
                          "max-ack-delay": 1000,
                          "max-unacked-clients": 0,
                          "sync-timeout": 30000,
                          "sync-page-limit": 100,
                          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                                               "http-listener-threads": 1, "http-client-threads": 1 },
                          "peers": [
                            { "name": "%5$s", "url": "http://%6$s:8001/", "role": "primary",
                              "auto-failover": true },
                            { "name": "%7$s", "url": "http://%8$s:8001/", "role": "%12$s",
                              "auto-failover": true } ] } ] } } ],
                    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ],
                                   "severity": "INFO" } ]
                } }
                """.formatted(socket, "\"" + RELAY_IP + "\", \"" + RELAY2_IP + "\"", HOOKS, self, primaryName,
                primaryIp, standbyName, standbyIp, HEARTBEAT_MS, MAX_RESPONSE_MS, mode,
                mode.equals("load-balancing") ? "secondary" : "standby", pools(mode, primaryName, standbyName));
    }

    /** Hot-standby: one pool. Load-balancing: the pool split by the {@code HA_<server>} classes, as in seed 002. */
    private static String pools(String mode, String primaryName, String secondaryName) {
        if (!mode.equals("load-balancing")) {
            return "[ { \"pool\": \"10.31.1.0 - 10.31.3.255\" } ]";
        }
        return "[ { \"pool\": \"" + LB_POOLS[0] + "\", \"client-class\": \"HA_" + primaryName + "\" }, "
                + "{ \"pool\": \"" + LB_POOLS[1] + "\", \"client-class\": \"HA_" + secondaryName + "\" } ]";
    }

    private static void assumeKea() {
        Netns.assumeLab("kea-dhcp4", "perfdhcp");
        for (String lib : List.of("libdhcp_ha.so", "libdhcp_lease_cmds.so")) {
            assumeTrue(Files.isRegularFile(HOOKS.resolve(lib)), HOOKS.resolve(lib) + " is missing (Debian "
                    + "kea-dhcp4-server ships it); skipping the Kea HA interop test");
        }
    }

    /** Runs perfdhcp as a relay (giaddr {@code relay}) towards {@code server}; returns the number of ACKs. */
    private static int perfdhcp(Netns lab, String relayNs, String relay, String server, String baseMac, int clients)
            throws Exception {
        Netns.Result perf = lab.exec(relayNs, 60, "perfdhcp", "-4", "-l", relay, "-b", "mac=" + baseMac,
                "-r", "50", "-R", Integer.toString(clients), "-n", Integer.toString(clients), "-p", "30", server);
        assertFalse(perf.timedOut(), "perfdhcp timed out:\n" + perf.output());
        int acks = RealClientsTest.receivedAcks(perf.output());
        System.out.println("perfdhcp towards " + server + ": " + acks + " ACKs of " + clients + "\n" + perf.output());
        return acks;
    }
}
