package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.ddns.internal.Dhcid;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.testing.Netns;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic DNS end to end with real components in network namespaces: BIND 9 ({@code named}, a forward and a reverse
 * zone updatable with a TSIG key), kea-dhcp-ddns forwarding to it with that key, and the DHCP server (Leasehold, or
 * Kea 2.2's kea-dhcp4 with the same configuration for comparison). dhclient sends an FQDN, udhcpc a host name; both
 * get A, PTR and DHCID records, which go when they release; a third client claiming the first one's name does not
 * take it over (D2's conflict resolution refuses the DHCID mismatch).
 */
class DdnsLabTest {
    private static final String SERVER_IP = "10.40.0.1";
    private static final String ZONE = DnsLab.ZONE;
    private static final String REVERSE = "0.40.10.in-addr.arpa";
    private static final String MAC1 = "02:00:00:dd:00:01";

    @TempDir
    Path dir;
    /** The last client run's output, for failure messages. */
    private String lastClient = "";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leasehold", "kea"})
    void clientsGetForwardReverseAndDhcidRecordsThatGoOnRelease(String server) throws Exception {
        Netns.assumeLab("named", "kea-dhcp-ddns", "dig", "dhclient", "udhcpc");
        if (server.equals("kea")) {
            Netns.assumeLab("kea-dhcp4");
        }
        try (Netns lab = new Netns()) {
            String sw = lab.namespace("ddsw");
            HaLab.bridge(lab, sw);
            String srv = HaLab.attach(lab, sw, "ddsrv", "p0", SERVER_IP);
            String c1 = DnsLab.client(lab, sw, "ddc1", "p1", MAC1);
            String c2 = DnsLab.client(lab, sw, "ddc2", "p2", "02:00:00:dd:00:02");
            String c3 = DnsLab.client(lab, sw, "ddc3", "p3", "02:00:00:dd:00:03");
            String secret = DnsLab.tsigSecret();

            Process named = DnsLab.startNamed(lab, srv, dir, SERVER_IP, REVERSE, secret);
            Process d2 = DnsLab.startD2(lab, srv, dir, dir.resolve("d2.log"), SERVER_IP, REVERSE, secret, "", List.of());
            LabServer dhcp = startDhcp(lab, srv, server);
            assertTrue(named.isAlive() && d2.isAlive(), "named and kea-dhcp-ddns run" + logs(dhcp));

            // dhclient asks the server to update DNS for host1.example.org.
            String ip1 = DnsLab.dhclient(lab, c1, dir, "c1", "host1.example.org.");
            assertEquals(ip1, waitFor(lab, srv, "host1." + ZONE, "A", ip1::equals), "A of host1" + logs(dhcp));
            assertEquals("host1." + ZONE + ".", waitFor(lab, srv, DnsLab.ptr(ip1), "PTR", v -> !v.isEmpty()), "PTR of "
                    + ip1 + logs(dhcp));
            String dhcid1 = dig(lab, srv, "host1." + ZONE, "DHCID");
            assertEquals(Base64.getEncoder().encodeToString(Dhcid.of(null, HardwareAddress.parse(MAC1),
                    "host1." + ZONE)), dhcid1.replace(" ", ""), "DHCID next to the A: type 0 over htype and MAC");
            assertTrue(!dig(lab, srv, DnsLab.ptr(ip1), "DHCID").isEmpty(), "DHCID next to the PTR");

            // udhcpc sends option 12 "host2": qualified with ddns-qualifying-suffix
            Process u = udhcpc(lab, c2, "c2");
            String ip2 = udhcpcAddress("c2");
            assertEquals(ip2, waitFor(lab, srv, "host2." + ZONE, "A", ip2::equals), "A of host2" + logs(dhcp));
            assertEquals("host2." + ZONE + ".", waitFor(lab, srv, DnsLab.ptr(ip2), "PTR", v -> !v.isEmpty()));

            // a third client claims host1's name: it gets a lease, but not the name's records
            String ip3 = DnsLab.dhclient(lab, c3, dir, "c3", "host1.example.org.");
            assertTrue(!ip3.equals(ip1), ip3);
            waitForD2(dir.resolve("d2.log"), "host1." + ZONE, 2);
            assertEquals(ip1, dig(lab, srv, "host1." + ZONE, "A"), "the first client keeps its name" + logs(dhcp));
            assertEquals(dhcid1, dig(lab, srv, "host1." + ZONE, "DHCID"));
            assertEquals("", dig(lab, srv, DnsLab.ptr(ip3), "PTR"), "no PTR for the loser of the conflict");

            // the leases as Kea records them: option 81 names keep the dot, option 12 names do not; the loser of
            // the conflict still has both flags (the server never learns the update failed)
            assertLease(dhcp, ip1, "host1." + ZONE + ".");
            assertLease(dhcp, ip2, "host2." + ZONE);
            assertLease(dhcp, ip3, "host1." + ZONE + ".");
            Map<String, Object> resend = dhcp.command("{\"command\": \"lease4-resend-ddns\", \"arguments\": "
                    + "{\"ip-address\": \"" + ip2 + "\"}}");
            assertEquals(Map.of("result", 0L, "text", "NCR generated for: " + ip2 + ", hostname: host2." + ZONE),
                    resend);

            // releases remove A, PTR and DHCID
            DnsLab.release(lab, c1, dir, "c1", ip1, 24);
            assertEquals("", waitFor(lab, srv, "host1." + ZONE, "A", String::isEmpty), "A of host1 removed"
                    + logs(dhcp));
            assertEquals("", waitFor(lab, srv, DnsLab.ptr(ip1), "PTR", String::isEmpty), "PTR removed");
            assertEquals("", dig(lab, srv, "host1." + ZONE, "DHCID"), "DHCID removed");
            assertEquals("", dig(lab, srv, DnsLab.ptr(ip1), "DHCID"), "reverse DHCID removed");

            udhcpcRelease(u, "c2");
            assertEquals("", waitFor(lab, srv, "host2." + ZONE, "A", String::isEmpty), "A of host2 removed"
                    + logs(dhcp));
            assertEquals("", waitFor(lab, srv, DnsLab.ptr(ip2), "PTR", String::isEmpty), "PTR of host2 removed");
        }
    }

    private String logs(LabServer dhcp) throws Exception {
        return "\n--- last client:\n" + lastClient + "\n--- dhcp:\n" + DnsLab.tail(dhcp.log) + "\n--- d2:\n" + DnsLab.tail(dir.resolve("d2.log")) + "\n--- named:\n"
                + DnsLab.tail(dir.resolve("named.log"));
    }

    private static void assertLease(LabServer dhcp, String ip, String hostname) throws Exception {
        Map<String, Object> r = dhcp.command("{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": \""
                + ip + "\"}}");
        assertEquals(0L, r.get("result"), r.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> l = (Map<String, Object>) r.get("arguments");
        assertEquals(hostname, l.get("hostname"), l.toString());
        assertEquals(true, l.get("fqdn-fwd"), l.toString());
        assertEquals(true, l.get("fqdn-rev"), l.toString());
    }





    private LabServer startDhcp(Netns lab, String ns, String server) throws Exception {
        Path socket = dir.resolve("dhcp.sock");
        Path conf = dir.resolve("dhcp4.conf");
        Files.writeString(conf, """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "eth0" ] },
                    "control-socket": { "socket-type": "unix", "socket-name": "%s" },
                    "lease-database": { "type": "memfile", "persist": false },
                    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
                    "dhcp-ddns": { "enable-updates": true, "server-ip": "127.0.0.1", "server-port": 53001 },
                    "ddns-qualifying-suffix": "%s",
                    "hooks-libraries": [ { "library": "%s/libdhcp_lease_cmds.so" } ],
                    "subnet4": [ { "id": 1, "subnet": "10.40.0.0/24",
                                   "pools": [ { "pool": "10.40.0.100 - 10.40.0.199" } ] } ],
                    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ],
                                   "severity": "DEBUG", "debuglevel": 40 } ]
                } }
                """.formatted(socket, ZONE, HaLab.KEA_HOOKS));
        if (server.equals("kea")) {
            Path run = Files.createDirectories(dir.resolve("kea-run"));
            return LabServer.launch(lab, ns, dir.resolve("kea-dhcp4.log"), socket, List.of("env",
                    "KEA_PIDFILE_DIR=" + run, "KEA_LOCKFILE_DIR=" + run, "kea-dhcp4", "-c", conf.toString()));
        }
        return LabServer.start(lab, ns, dir, conf, socket, List.of(), "-d");
    }

    /**
     * Starts udhcpc with {@code -x hostname:host2} and {@code -R} (release on exit) in the foreground and waits
     * (bounded) for its lease; its script configures the address so the RELEASE can be sent from it. Busybox 1.35
     * does not release when {@code -q} ends it, so the release is a SIGTERM ({@link Process#destroy}).
     */
    private Process udhcpc(Netns lab, String ns, String name) throws Exception {
        Path env = dir.resolve(name + ".env");
        Path script = dir.resolve(name + ".udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in\n  bound|renew) ip addr add \"$ip/24\" dev \"$interface\""
                + " 2>/dev/null; env > " + env + ".tmp; mv " + env + ".tmp " + env + ";;\n"
                + "  deconfig) ip addr flush dev \"$interface\";;\nesac\nexit 0\n");
        script.toFile().setExecutable(true);
        Path log = dir.resolve(name + ".udhcpc.log");
        Process p = lab.spawn(ns, log, List.of("udhcpc", "-f", "-R", "-t", "5", "-T", "2", "-i", "eth0", "-s",
                script.toString(), "-x", "hostname:host2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !Files.exists(env)) {
            assertTrue(p.isAlive(), "udhcpc exited:\n" + Files.readString(log));
            Thread.sleep(100); // udhcpc runs in another process; poll for its script's output
        }
        lastClient = Files.readString(log);
        assertTrue(Files.exists(env), "udhcpc got no lease:\n" + lastClient);
        return p;
    }

    private String udhcpcAddress(String name) throws Exception {
        for (String line : Files.readAllLines(dir.resolve(name + ".env"))) {
            if (line.startsWith("ip=")) {
                return line.substring(3);
            }
        }
        throw new AssertionError("no ip in " + Files.readString(dir.resolve(name + ".env")));
    }

    /** SIGTERM: udhcpc with -R unicasts a RELEASE and exits. */
    private void udhcpcRelease(Process p, String name) throws Exception {
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "udhcpc did not exit");
        lastClient = Files.readString(dir.resolve(name + ".udhcpc.log"));
        assertTrue(lastClient.contains("unicasting a release"), lastClient);
    }

    /** {@link DnsLab#dig} against this lab's named. */
    private static String dig(Netns lab, String ns, String name, String type) throws Exception {
        return DnsLab.dig(lab, ns, SERVER_IP, name, type);
    }

    /** {@link DnsLab#waitFor} against this lab's named. */
    private static String waitFor(Netns lab, String ns, String name, String type, Predicate<String> done)
            throws Exception {
        return DnsLab.waitFor(lab, ns, SERVER_IP, name, type, done);
    }

    /** Waits (bounded, 10 s) until D2 has logged {@code count} finished transactions for the name. */
    private static void waitForD2(Path log, String fqdn, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long n = Files.readAllLines(log).stream().filter(l -> l.contains(fqdn)
                    && (l.contains("DHCP_DDNS_ADD_SUCCEEDED") || l.contains("DHCP_DDNS_ADD_FAILED")
                    || l.contains("DHCP_DDNS_FORWARD_ADD_REJECTED") || l.contains("FAILED"))).count();
            if (n >= count) {
                return;
            }
            Thread.sleep(200); // D2 works in another process; poll its log
        }
    }

}
