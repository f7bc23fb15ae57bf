package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real clients against a real server process in network namespaces: udhcpc and dhclient on two interfaces at once,
 * a reserved MAC, RELEASE, an unconfigured interface, and perfdhcp as a relay with thousands of DORA exchanges.
 */
class RealClientsTest {
    @TempDir
    Path dir;

    private static final String RESERVED_MAC = "02:00:00:aa:00:02";

    private String config(Path socket) {
        return """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "s1", "s2", "s3" ] },
                    "control-socket": { "socket-type": "unix", "socket-name": "%s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
                    "valid-lifetime": 1200, "renew-timer": 600, "rebind-timer": 1050,
                    "subnet4": [
                      { "id": 1, "subnet": "10.11.0.0/24", "pools": [ { "pool": "10.11.0.100 - 10.11.0.199" } ],
                        "option-data": [ { "name": "routers", "data": "10.11.0.1" },
                                         { "name": "domain-name-servers", "data": "10.11.0.53, 10.11.0.54" },
                                         { "name": "domain-name", "data": "lab-one.test" },
                                         { "name": "broadcast-address", "data": "10.11.0.255" } ] },
                      { "id": 2, "subnet": "10.12.0.0/24", "pools": [ { "pool": "10.12.0.100 - 10.12.0.199" } ],
                        "option-data": [ { "name": "routers", "data": "10.12.0.1" },
                                         { "name": "domain-name-servers", "data": "10.12.0.53" },
                                         { "name": "domain-name", "data": "lab-two.test" } ],
                        "reservations": [ { "hw-address": "%s", "ip-address": "10.12.0.50",
                                            "hostname": "reserved-two" } ] },
                      { "id": 3, "subnet": "10.20.0.0/16", "relay": { "ip-addresses": [ "10.13.0.2" ] },
                        "pools": [ { "pool": "10.20.0.1 - 10.20.39.255" } ] }
                    ] } }
                """.formatted(socket, RESERVED_MAC);
    }

    @Test
    void realClientsOnTwoInterfacesARelayAndAnUnservedInterface() throws Exception {
        Netns.assumeLab("udhcpc", "dhclient", "perfdhcp");
        try (Netns lab = new Netns()) {
            String srv = lab.namespace("lhsrv");
            String c1 = lab.namespace("lhc1");
            String c2 = lab.namespace("lhc2");
            String c4 = lab.namespace("lhc4");
            String rly = lab.namespace("lhrly");
            lab.link(srv, "s1", "10.11.0.1/24", c1, "eth0", null, null);
            lab.link(srv, "s2", "10.12.0.1/24", c2, "eth0", null, RESERVED_MAC);
            lab.link(srv, "s4", "10.14.0.1/24", c4, "eth0", null, null);
            lab.link(srv, "s3", "10.13.0.1/24", rly, "eth0", "10.13.0.2/24", null);
            Path socket = dir.resolve("ctrl.sock");
            Path cfg = dir.resolve("kea-dhcp4.conf");
            Files.writeString(cfg, config(socket));
            LabServer server = LabServer.start(lab, srv, dir, cfg, socket, List.of());

            // udhcpc on s1's link and dhclient on s2's link, at the same time
            Path env = dir.resolve("udhcpc.env");
            Path script = dir.resolve("udhcpc.sh");
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + env + "\nexit 0\n");
            script.toFile().setExecutable(true);
            Path lf = dir.resolve("dhclient.leases");
            Path pf = dir.resolve("dhclient.pid");
            CompletableFuture<Netns.Result> udhcpc = CompletableFuture.supplyAsync(() -> call(() -> lab.exec(c1, 30,
                    "udhcpc", "-f", "-q", "-n", "-t", "5", "-T", "2", "-i", "eth0", "-s", script.toString())));
            CompletableFuture<Netns.Result> dhclient = CompletableFuture.supplyAsync(() -> call(() -> lab.exec(c2, 40,
                    "dhclient", "-4", "-1", "-v", "-sf", "/bin/true", "-lf", lf.toString(), "-pf", pf.toString(),
                    "eth0")));
            Netns.Result u = udhcpc.get();
            Netns.Result d = dhclient.get();
            assertEquals(0, u.exit(), "udhcpc: " + u.output() + "\nserver log:\n" + Files.readString(server.log));
            assertEquals(0, d.exit(), "dhclient: " + d.output());

            Map<String, String> vars = parseEnv(Files.readString(env));
            assertTrue(vars.get("ip").startsWith("10.11.0.1"), vars.toString());
            assertEquals("10.11.0.1", vars.get("router"));
            assertEquals("10.11.0.53 10.11.0.54", vars.get("dns").trim());
            assertEquals("lab-one.test", vars.get("domain"));
            assertEquals("10.11.0.255", vars.get("broadcast"));
            assertEquals("1200", vars.get("lease"));
            assertEquals("10.11.0.1", vars.get("serverid"), "server identifier is the receiving interface's address");

            String lease = Files.readString(lf);
            assertTrue(lease.contains("fixed-address 10.12.0.50;"), "reserved address:\n" + lease);
            assertTrue(lease.contains("option host-name \"reserved-two\";"), lease);
            assertTrue(lease.contains("option routers 10.12.0.1;"), lease);
            assertTrue(lease.contains("option domain-name \"lab-two.test\";"), lease);
            assertTrue(lease.contains("option dhcp-lease-time 1200;"), lease);
            assertTrue(lease.contains("option dhcp-renewal-time 600;"), lease);
            assertTrue(lease.contains("option dhcp-rebinding-time 1050;"), lease);
            assertEquals(0L, server.command("{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": "
                    + "\"10.12.0.50\"}}").get("result"));

            // RELEASE frees the lease. dhclient sends it unicast from the leased address, so configure the address
            // as dhclient-script would have done.
            lab.exec(c2, 10, "ip", "addr", "add", "10.12.0.50/24", "dev", "eth0");
            Netns.Result rel = lab.exec(c2, 30, "dhclient", "-4", "-r", "-v", "-sf", "/bin/true", "-lf",
                    lf.toString(), "-pf", pf.toString(), "eth0");
            assertEquals(0, rel.exit(), rel.output());
            assertEquals(3L, waitForResult(server, "{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": "
                    + "\"10.12.0.50\"}}", 3L), "the released lease is gone");

            // an interface that is not in interfaces-config gets nothing
            Netns.Result none = lab.exec(c4, 30, "udhcpc", "-f", "-q", "-n", "-t", "3", "-T", "1", "-i", "eth0",
                    "-s", script.toString());
            assertNotEquals(0, none.exit(), "no lease on an unconfigured interface: " + none.output());

            // perfdhcp as a relay: thousands of DORA exchanges
            Netns.Result perf = lab.exec(rly, 120, "perfdhcp", "-4", "-l", "10.13.0.2", "-r", "250", "-R", "3000",
                    "-n", "3000", "-p", "30", "10.13.0.1");
            int acks = receivedAcks(perf.output());
            assertTrue(acks >= 2000, "perfdhcp completed only " + acks + " of 3000 DORAs:\n" + perf.output());
            Matcher nonUnique = Pattern.compile("non unique addresses: (\\d+)").matcher(perf.output());
            int sections = 0;
            while (nonUnique.find()) {
                sections++;
                assertEquals("0", nonUnique.group(1), "perfdhcp saw an address given twice:\n" + perf.output());
            }
            assertEquals(2, sections, perf.output());
            List<Map<String, Object>> leases = server.leases();
            Set<Object> addresses = new HashSet<>();
            Set<Object> macs = new HashSet<>();
            int relayed = 0;
            for (Map<String, Object> l : leases) {
                assertTrue(addresses.add(l.get("ip-address")), "address given twice: " + l);
                if (l.get("subnet-id").equals(3L)) {
                    relayed++;
                    assertTrue(macs.add(l.get("hw-address")), "client holds two leases: " + l);
                }
            }
            assertTrue(relayed >= acks, "every ACKed relayed client has a lease: " + relayed + " < " + acks);
        }
    }

    /** perfdhcp's count of received ACKs (second exchange of the DORA). */
    static int receivedAcks(String out) {
        Matcher m = Pattern.compile("received packets: (\\d+)").matcher(out);
        int n = 0;
        int last = 0;
        while (m.find()) {
            n++;
            last = Integer.parseInt(m.group(1));
        }
        return n >= 2 ? last : 0;
    }

    private static long waitForResult(LabServer s, String cmd, long expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long r = -1;
        while (System.nanoTime() < deadline) {
            r = (Long) s.command(cmd).get("result");
            if (r == expected) {
                return r;
            }
            Thread.sleep(100); // the RELEASE travels through another process; poll its effect
        }
        return r;
    }

    private static Map<String, String> parseEnv(String text) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    interface IoCall<T> {
        T call() throws Exception;
    }

    static <T> T call(IoCall<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
