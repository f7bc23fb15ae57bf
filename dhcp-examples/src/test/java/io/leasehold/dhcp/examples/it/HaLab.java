package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the HA lab tests share: a bridged lab network, HA state polling and lease comparison over control sockets. */
final class HaLab {
    /** Where Debian's kea-dhcp4-server installs the HA and lease_cmds hook libraries. */
    static final Path KEA_HOOKS = Path.of("/usr/lib/x86_64-linux-gnu/kea/hooks");

    private HaLab() {
    }

    /** Creates the switch namespace's bridge {@code br0}. */
    static void bridge(Netns lab, String sw) throws Exception {
        exec(lab, sw, "ip", "link", "add", "br0", "type", "bridge");
        exec(lab, sw, "ip", "link", "set", "br0", "up");
    }

    /** Creates a namespace with eth0 at {@code ip}/24 plugged into the switch namespace's bridge. */
    static String attach(Netns lab, String sw, String base, String port, String ip) throws Exception {
        String ns = lab.namespace(base);
        lab.link(sw, port, null, ns, "eth0", ip + "/24", null);
        exec(lab, sw, "ip", "link", "set", port, "master", "br0");
        return ns;
    }

    static void exec(Netns lab, String ns, String... cmd) throws Exception {
        Netns.Result r = lab.exec(ns, 20, cmd);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.output());
    }

    /** The local HA state from status-get (Kea's and Leasehold's shape), or a description of what came back. */
    @SuppressWarnings("unchecked")
    static String state(LabServer s) throws Exception {
        Map<String, Object> r = s.command("{\"command\": \"status-get\"}");
        Map<String, Object> args = (Map<String, Object>) r.get("arguments");
        List<Map<String, Object>> ha = args == null ? null : (List<Map<String, Object>>) args.get("high-availability");
        if (ha == null || ha.isEmpty()) {
            return "(no high-availability in status-get: " + r + ")";
        }
        Map<String, Object> servers = (Map<String, Object>) ha.get(0).get("ha-servers");
        return (String) ((Map<String, Object>) servers.get("local")).get("state");
    }

    static void waitForState(LabServer s, String name, String wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String now = null;
        while (System.nanoTime() < deadline) {
            assertTrue(s.process.isAlive(), name + " exited");
            now = state(s);
            if (wanted.equals(now)) {
                return;
            }
            Thread.sleep(100); // the state machine runs in another process; poll it
        }
        throw new AssertionError(name + " is " + now + ", not " + wanted + " after " + seconds + " s");
    }

    /** Address to MAC of every lease the server holds (all in subnet 1), from lease4-get-all. */
    static Map<String, String> leaseMap(LabServer s) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (Map<String, Object> l : s.leases()) {
            assertEquals(1L, l.get("subnet-id"), l.toString());
            m.put((String) l.get("ip-address"), (String) l.get("hw-address"));
        }
        return m;
    }

    /** Waits (bounded) until both servers hold the same leases; returns them. */
    static Map<String, String> waitForSameLeases(LabServer a, String an, LabServer b, String bn, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, String> la = leaseMap(a);
        Map<String, String> lb = leaseMap(b);
        while (!la.equals(lb) && System.nanoTime() < deadline) {
            Thread.sleep(200); // lease updates travel between two other processes
            la = leaseMap(a);
            lb = leaseMap(b);
        }
        if (!la.equals(lb)) {
            throw new AssertionError(describe(an, la, bn, lb));
        }
        return la;
    }

    private static String describe(String a, Map<String, String> la, String b, Map<String, String> lb) {
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
        return a + " has " + la.size() + " leases, " + b + " has " + lb.size() + "; first differences: "
                + diff.subList(0, Math.min(10, diff.size()));
    }

    /** The last 40 lines of the server's log. */
    static String tail(LabServer s) {
        try {
            if (s == null) {
                return "(not started)";
            }
            List<String> lines = Files.readAllLines(s.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
