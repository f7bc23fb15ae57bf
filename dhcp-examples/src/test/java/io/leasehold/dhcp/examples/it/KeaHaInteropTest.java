package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HA interop with a real Kea 2.2 (kea-dhcp4 with libdhcp_ha + libdhcp_lease_cmds, HA+MT dedicated listener) in
 * network namespaces: Leasehold (10.30.0.1) and Kea (10.30.0.2) share a bridge in a switch namespace; perfdhcp
 * (10.30.0.9) acts as a relay towards the serving server. The pair reaches hot-standby, replicates perfdhcp's leases,
 * the primary goes to partner-down when the standby is killed with SIGKILL and keeps serving, and the restarted
 * standby syncs every lease back from the primary. Run once with each product as primary. Skips unless root with
 * kea-dhcp4, its two hook libraries and perfdhcp.
 */
class KeaHaInteropTest {
    private static final Path HOOKS = Path.of("/usr/lib/x86_64-linux-gnu/kea/hooks");
    private static final String LH_IP = "10.30.0.1";
    private static final String KEA_IP = "10.30.0.2";
    private static final String RELAY_IP = "10.30.0.9";
    private static final String RELAY2_IP = "10.30.0.10";
    private static final int HEARTBEAT_MS = 1000;
    private static final int MAX_RESPONSE_MS = 3000;

    @TempDir
    Path dir;

    @Test
    void leaseholdPrimaryKeaStandby() throws Exception {
        hotStandbyFailoverAndResync(true);
    }

    @Test
    void keaPrimaryLeaseholdStandby() throws Exception {
        hotStandbyFailoverAndResync(false);
    }

    private void hotStandbyFailoverAndResync(boolean leaseholdPrimary) throws Exception {
        assumeKea();
        try (Netns lab = new Netns()) {
            String sw = lab.namespace("khsw");
            exec(lab, sw, "ip", "link", "add", "br0", "type", "bridge");
            exec(lab, sw, "ip", "link", "set", "br0", "up");
            String lhNs = attach(lab, sw, "khlh", "p1", LH_IP);
            String keaNs = attach(lab, sw, "khkea", "p2", KEA_IP);
            String relayNs = attach(lab, sw, "khrly", "p3", RELAY_IP);

            Node lh = new Node("leasehold", lhNs, LH_IP, false, leaseholdPrimary, "hot-standby");
            Node kea = new Node("kea", keaNs, KEA_IP, true, !leaseholdPrimary, "hot-standby");
            Node primary = leaseholdPrimary ? lh : kea;
            Node standby = leaseholdPrimary ? kea : lh;
            try {
                lh.start(lab);
                kea.start(lab);
                long t0 = System.nanoTime();
                waitForState(primary, "hot-standby", 60);
                waitForState(standby, "hot-standby", 60);
                System.out.printf("[%s] pair in hot-standby after %d ms%n", primary.name,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

                int acks = perfdhcp(lab, relayNs, primary.ip, "00:0c:01:00:00:00", 300);
                assertTrue(acks >= 270, "primary " + primary.name + " served only " + acks + " of 300 DORAs");
                Map<String, String> replicated = waitForSameLeases(primary, standby, 15);
                assertTrue(replicated.size() >= acks, "every ACKed client has a lease: " + replicated.size());
                System.out.printf("[%s] %d leases replicated to %s%n", primary.name, replicated.size(),
                        standby.name);

                // the standby dies hard: the primary must take over within max-response-delay + a heartbeat
                standby.kill();
                long killed = System.nanoTime();
                waitForState(primary, "partner-down", 20);
                long toPartnerDown = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                System.out.printf("[%s] partner-down %d ms after SIGKILL of %s%n", primary.name, toPartnerDown,
                        standby.name);
                assertTrue(toPartnerDown <= MAX_RESPONSE_MS + HEARTBEAT_MS + 3000,
                        "partner-down took " + toPartnerDown + " ms");

                int more = perfdhcp(lab, relayNs, primary.ip, "00:0c:02:00:00:00", 100);
                assertTrue(more >= 90, "in partner-down " + primary.name + " served only " + more + " of 100");
                int before = leaseMap(primary).size();
                assertTrue(before > replicated.size(), "new leases in partner-down: " + before);

                // the standby comes back with the same configuration and syncs every lease from the primary
                long restart = System.nanoTime();
                standby.start(lab);
                waitForState(standby, "hot-standby", 60);
                waitForState(primary, "hot-standby", 30);
                Map<String, String> synced = waitForSameLeases(primary, standby, 15);
                System.out.printf("[%s] %s synced %d leases, back in hot-standby %d ms after restart%n",
                        primary.name, standby.name, synced.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart));
                assertEquals(before, synced.size(), "the restarted standby holds every lease of the primary");
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- leasehold log tail:\n" + lh.logTail()
                        + "\n--- kea log tail:\n" + kea.logTail(), e);
            } finally {
                lh.kill();
                kea.kill();
            }
        }
    }

    /**
     * Load balancing: each server answers only the clients whose RFC 3074 hash falls in its scope, so perfdhcp relays
     * a different client population to each server (two relay addresses); each serves roughly half of its clients and
     * both end with the same lease set (updates replicated both ways).
     */
    @Test
    @org.junit.jupiter.api.Disabled("known failure: after the pair replicates, some addresses are leased to different "
            + "clients on the two servers (both allocate from the same pool while updates cross); needs the pools "
            + "split by HA_ classes as seed 002 does, or a fix in the sync/update ordering - open in issue 6")
    void loadBalancingPairSharesClientsAndReplicatesBothWays() throws Exception {
        assumeKea();
        try (Netns lab = new Netns()) {
            String sw = lab.namespace("khsw");
            exec(lab, sw, "ip", "link", "add", "br0", "type", "bridge");
            exec(lab, sw, "ip", "link", "set", "br0", "up");
            String lhNs = attach(lab, sw, "khlh", "p1", LH_IP);
            String keaNs = attach(lab, sw, "khkea", "p2", KEA_IP);
            String relayNs = attach(lab, sw, "khrly", "p3", RELAY_IP);
            exec(lab, relayNs, "ip", "addr", "add", RELAY2_IP + "/24", "dev", "eth0");
            Node lh = new Node("leasehold", lhNs, LH_IP, false, true, "load-balancing");
            Node kea = new Node("kea", keaNs, KEA_IP, true, false, "load-balancing");
            try {
                lh.start(lab);
                kea.start(lab);
                waitForState(lh, "load-balancing", 60);
                waitForState(kea, "load-balancing", 60);
                java.util.concurrent.CompletableFuture<Integer> toLh = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> RealClientsTest.call(() -> perfdhcp(lab, relayNs, RELAY_IP, LH_IP,
                                "00:0d:01:00:00:00", 200)));
                java.util.concurrent.CompletableFuture<Integer> toKea = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> RealClientsTest.call(() -> perfdhcp(lab, relayNs, RELAY2_IP, KEA_IP,
                                "00:0d:02:00:00:00", 200)));
                int lhAcks = toLh.get();
                int keaAcks = toKea.get();
                System.out.printf("[load-balancing] leasehold served %d of 200, kea served %d of 200%n", lhAcks,
                        keaAcks);
                assertTrue(lhAcks >= 40 && lhAcks <= 160, "leasehold serves only its scope: " + lhAcks);
                assertTrue(keaAcks >= 40 && keaAcks <= 160, "kea serves only its scope: " + keaAcks);
                Map<String, String> leases = waitForSameLeases(lh, kea, 15);
                System.out.printf("[load-balancing] both hold the same %d leases%n", leases.size());
                assertTrue(leases.size() >= lhAcks + keaAcks, "every ACKed client has a lease on both servers: "
                        + leases.size() + " < " + (lhAcks + keaAcks));
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- leasehold log tail:\n" + lh.logTail()
                        + "\n--- kea log tail:\n" + kea.logTail(), e);
            } finally {
                lh.kill();
                kea.kill();
            }
        }
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
            try {
                if (server == null) {
                    return "(not started)";
                }
                List<String> lines = Files.readAllLines(server.log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (Exception e) {
                return "(no log: " + e + ")";
            }
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
                                   "pools": [ { "pool": "10.31.1.0 - 10.31.3.255" } ] } ],
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
                mode.equals("load-balancing") ? "secondary" : "standby");
    }

    private static void assumeKea() {
        Netns.assumeLab("kea-dhcp4", "perfdhcp");
        for (String lib : List.of("libdhcp_ha.so", "libdhcp_lease_cmds.so")) {
            assumeTrue(Files.isRegularFile(HOOKS.resolve(lib)), HOOKS.resolve(lib) + " is missing (Debian "
                    + "kea-dhcp4-server ships it); skipping the Kea HA interop test");
        }
    }

    /** Creates a namespace with eth0 at {@code ip}/24 plugged into the switch namespace's bridge. */
    private static String attach(Netns lab, String sw, String base, String port, String ip) throws Exception {
        String ns = lab.namespace(base);
        lab.link(sw, port, null, ns, "eth0", ip + "/24", null);
        exec(lab, sw, "ip", "link", "set", port, "master", "br0");
        return ns;
    }

    private static void exec(Netns lab, String ns, String... cmd) throws Exception {
        Netns.Result r = lab.exec(ns, 20, cmd);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.output());
    }

    /** Runs perfdhcp as a relay (giaddr 10.30.0.9) towards {@code server}; returns the number of ACKs. */
    private static int perfdhcp(Netns lab, String relayNs, String server, String baseMac, int clients)
            throws Exception {
        return perfdhcp(lab, relayNs, RELAY_IP, server, baseMac, clients);
    }

    private static int perfdhcp(Netns lab, String relayNs, String relay, String server, String baseMac, int clients)
            throws Exception {
        Netns.Result perf = lab.exec(relayNs, 60, "perfdhcp", "-4", "-l", relay, "-b", "mac=" + baseMac,
                "-r", "20", "-R", Integer.toString(clients), "-n", Integer.toString(clients), "-p", "30", server);
        assertFalse(perf.timedOut(), "perfdhcp timed out:\n" + perf.output());
        int acks = RealClientsTest.receivedAcks(perf.output());
        System.out.println("perfdhcp towards " + server + ": " + acks + " ACKs of " + clients + "\n" + perf.output());
        return acks;
    }

    @SuppressWarnings("unchecked")
    private static String state(Node node) throws Exception {
        Map<String, Object> r = node.server.command("{\"command\": \"status-get\"}");
        Map<String, Object> args = (Map<String, Object>) r.get("arguments");
        List<Map<String, Object>> ha = args == null ? null : (List<Map<String, Object>>) args.get("high-availability");
        if (ha == null || ha.isEmpty()) {
            return "(no high-availability in status-get: " + r + ")";
        }
        Map<String, Object> servers = (Map<String, Object>) ha.get(0).get("ha-servers");
        return (String) ((Map<String, Object>) servers.get("local")).get("state");
    }

    private static void waitForState(Node node, String wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = null;
        while (System.nanoTime() < deadline) {
            assertTrue(node.server.process.isAlive(), node.name + " exited");
            s = state(node);
            if (wanted.equals(s)) {
                return;
            }
            Thread.sleep(100); // the state machine runs in another process; poll it
        }
        throw new AssertionError(node.name + " is " + s + ", not " + wanted + " after " + seconds + " s");
    }

    /** Address to MAC of every lease the node holds, from lease4-get-all on its control socket. */
    private static Map<String, String> leaseMap(Node node) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (Map<String, Object> l : node.server.leases()) {
            assertEquals(1L, l.get("subnet-id"), l.toString());
            m.put((String) l.get("ip-address"), (String) l.get("hw-address"));
        }
        return m;
    }

    private static Map<String, String> waitForSameLeases(Node a, Node b, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, String> la = leaseMap(a);
        Map<String, String> lb = leaseMap(b);
        while (!la.equals(lb) && System.nanoTime() < deadline) {
            Thread.sleep(200); // lease updates travel between two other processes
            la = leaseMap(a);
            lb = leaseMap(b);
        }
        if (!la.equals(lb)) {
            throw new AssertionError(describe(a.name, la, b.name, lb));
        }
        return la;
    }

    private static String describe(String a, Map<String, String> la, String b, Map<String, String> lb) {
        {
            List<String> diff = new ArrayList<>();
            la.forEach((ip, mac) -> {
                if (!mac.equals(lb.get(ip))) {
                    diff.add(ip + " " + a + "=" + mac + " " + b + "=" + lb.get(ip));
                }
            });
            lb.forEach((ip, mac) -> {
                if (!la.containsKey(ip)) {
                    diff.add(ip + " only on " + b + "=" + mac);
                }
            });
            return a + " has " + la.size() + " leases, " + b + " has " + lb.size()
                    + "; first differences: " + diff.subList(0, Math.min(10, diff.size()));
        }
    }
}
