package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.ddns.internal.Dhcid;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.testing.Netns;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seed 003 (an operator's guide to Kea: a hot-standby pair "mserver"/"sserver", DDNS, and kea-ctrl-agent "used to
 * provide high availability and DDNS") in network namespaces, as Kea 2.2 runs it: on each server's host a DHCP
 * server, a kea-dhcp-ddns (D2) and a kea-ctrl-agent (CA) listening on the host's peer URL, 192.168.0.4:8000 and
 * 192.168.8.4:8000, with {@code control-sockets} for {@code dhcp4} ({@code /run/kea/kea4-ctrl-socket}) and {@code d2}
 * ({@code /run/kea/kea-ddns-ctrl-socket}). The HA partners talk through the agents (Kea 2.2 without multi-threading
 * has no dedicated HA listener): heartbeats and lease updates go peer, CA, unix socket. D2 updates a named
 * authoritative for example.org and 168.192.in-addr.arpa with a TSIG key.
 *
 * <p>The DHCP configuration is written once, in Kea's layout, with the paths of the seed ({@code /run/kea/...},
 * {@code /var/lib/kea/kea-leases4.csv}, Debian's hook directory); as with Kea each server reads its own copy, and
 * the two copies differ only in {@code this-server-name}. Each host gets private {@code /run/kea} and
 * {@code /var/lib/kea} (bind mounts in a mount namespace), so the paths stay the seed's. mserver is Leasehold;
 * sserver is Leasehold, or a real Kea 2.2 with the same file.
 *
 * <p>dhclient asks for host1.example.org: it gets a lease from mserver, named has its A, PTR and DHCID, sserver
 * holds the replicated lease; through mserver's agent (HTTP, {@code "service": ["dhcp4"]}) list-commands,
 * status-get (HA state), lease4-get, lease4-add, config-get and kea-shell's version-get answer result 0 in Kea's
 * one-element list, and the agent's {@code d2} socket reaches D2; after dhclient releases, the records and both
 * servers' leases are gone. Root, with kea-dhcp-ddns, kea-ctrl-agent, kea-shell, named, dig, dhclient, curl,
 * unshare and mount; kea-dhcp4 for the Kea variant.
 */
class Seed003LabTest {
    private static final String MSERVER = "192.168.0.4";
    private static final String SSERVER = "192.168.8.4";
    private static final String DNS = "192.168.0.53";
    private static final String REVERSE = "168.192.in-addr.arpa";
    private static final String MAC = "02:00:00:03:00:01";
    private static final String FQDN = "host1." + DnsLab.ZONE;

    @TempDir
    Path dir;
    private final Map<String, Path> logs = new LinkedHashMap<>();

    @ParameterizedTest(name = "sserver is {0}")
    @ValueSource(strings = {"leasehold", "kea"})
    void hotStandbyPairWithDdnsBehindKeaCtrlAgents(String sserver) throws Exception {
        Netns.assumeLab("named", "kea-dhcp-ddns", "kea-ctrl-agent", "kea-shell", "dig", "dhclient", "curl",
                "unshare", "mount");
        boolean kea = sserver.equals("kea");
        if (kea) {
            Netns.assumeLab("kea-dhcp4");
            assumeTrue(Files.isRegularFile(HaLab.KEA_HOOKS.resolve("libdhcp_ha.so")), "Kea's HA hook is missing");
        }
        assumeTrue(Files.isDirectory(Path.of("/run/kea")) && Files.isDirectory(Path.of("/var/lib/kea")),
                "/run/kea and /var/lib/kea (Debian's kea packages make them) are the mount points of each host's "
                        + "private copies");
        String mConfig = config("mserver");
        String sConfig = config("sserver");
        assertEquals(List.of("\"this-server-name\": \"mserver\","), difference(mConfig, sConfig),
                "the two servers' files differ only in this-server-name");

        try (Netns lab = new Netns()) {
            String sw = lab.namespace("s3sw");
            HaLab.bridge(lab, sw);
            String mNs = HaLab.attach(lab, sw, "s3m", "p1", MSERVER);
            String sNs = HaLab.attach(lab, sw, "s3s", "p2", SSERVER);
            String dnsNs = HaLab.attach(lab, sw, "s3dns", "p3", DNS);
            for (String ns : List.of(mNs, sNs, dnsNs)) {
                // one /20 on the bridge: the seed's peers 192.168.0.4 and 192.168.8.4 reach each other directly
                HaLab.exec(lab, ns, "ip", "addr", "flush", "dev", "eth0");
            }
            HaLab.exec(lab, mNs, "ip", "addr", "add", MSERVER + "/20", "dev", "eth0");
            HaLab.exec(lab, sNs, "ip", "addr", "add", SSERVER + "/20", "dev", "eth0");
            HaLab.exec(lab, dnsNs, "ip", "addr", "add", DNS + "/20", "dev", "eth0");
            String client = DnsLab.client(lab, sw, "s3c", "p4", MAC);
            String secret = DnsLab.tsigSecret();
            logs.put("named", dir.resolve("named.log"));
            DnsLab.startNamed(lab, dnsNs, dir, DNS, REVERSE, secret);

            Host m = new Host("mserver", mNs, MSERVER, mConfig);
            Host s = new Host("sserver", sNs, SSERVER, sConfig);
            try {
                m.start(lab, secret, false);
                s.start(lab, secret, kea);
                HaLab.waitForState(m.server, "mserver", "hot-standby", 60);
                HaLab.waitForState(s.server, "sserver", "hot-standby", 60);

                // a real client with an FQDN: a lease from the primary, A/PTR/DHCID in named
                String ip = DnsLab.dhclient(lab, client, dir, "c1", FQDN + ".");
                assertTrue(ip.startsWith("192.168.1."), ip);
                assertEquals(ip, DnsLab.waitFor(lab, dnsNs, DNS, FQDN, "A", ip::equals), "A of " + FQDN);
                assertEquals(FQDN + ".", DnsLab.waitFor(lab, dnsNs, DNS, DnsLab.ptr(ip), "PTR",
                        v -> !v.isEmpty()), "PTR of " + ip);
                assertEquals(Base64.getEncoder().encodeToString(Dhcid.of(null, HardwareAddress.parse(MAC), FQDN)),
                        DnsLab.dig(lab, dnsNs, DNS, FQDN, "DHCID").replace(" ", ""), "DHCID next to the A");
                assertFalse(DnsLab.dig(lab, dnsNs, DNS, DnsLab.ptr(ip), "DHCID").isEmpty(), "DHCID next to the PTR");

                // through mserver's kea-ctrl-agent, as an operator would
                List<?> commands = (List<?>) dhcp4(lab, dnsNs, MSERVER, "list-commands", null).get("arguments");
                for (String c : List.of("lease4-get", "lease4-add", "status-get", "config-get", "ha-heartbeat",
                        "lease4-update", "version-get")) {
                    assertTrue(commands.contains(c), c + " in " + commands);
                }
                Map<?, ?> status = (Map<?, ?>) dhcp4(lab, dnsNs, MSERVER, "status-get", null).get("arguments");
                Map<?, ?> ha = (Map<?, ?>) ((List<?>) status.get("high-availability")).get(0);
                assertEquals("hot-standby", ha.get("ha-mode"), status.toString());
                Map<?, ?> local = (Map<?, ?>) ((Map<?, ?>) ha.get("ha-servers")).get("local");
                assertEquals(List.of("hot-standby", "primary"), List.of(local.get("state"), local.get("role")),
                        status.toString());
                assertLease(dhcp4(lab, dnsNs, MSERVER, "lease4-get", "{\"ip-address\": \"" + ip + "\"}"), ip);
                // the lease update reached sserver through sserver's agent
                assertLease(waitForLease(lab, dnsNs, SSERVER, ip), ip);
                assertFalse(Files.readString(s.d2Log).contains(FQDN), "only the server that allocated sends NCRs");

                String added = "192.168.1.250";
                Map<String, Object> add = dhcp4(lab, dnsNs, MSERVER, "lease4-add", "{\"ip-address\": \"" + added
                        + "\", \"hw-address\": \"02:00:00:03:00:fa\", \"hostname\": \"added.example.org\"}");
                assertEquals("Lease for address " + added + ", subnet-id 1 added.", add.get("text"));
                Map<?, ?> got = (Map<?, ?>) dhcp4(lab, dnsNs, MSERVER, "lease4-get", "{\"ip-address\": \""
                        + added + "\"}").get("arguments");
                assertEquals(List.of("02:00:00:03:00:fa", 1L, "added.example.org"), List.of(got.get("hw-address"),
                        got.get("subnet-id"), got.get("hostname")), got.toString());

                Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) dhcp4(lab, dnsNs, MSERVER, "config-get", null)
                        .get("arguments")).get("Dhcp4");
                assertEquals(true, ((Map<?, ?>) config.get("dhcp-ddns")).get("enable-updates"), config.toString());
                assertEquals(DnsLab.ZONE, config.get("ddns-qualifying-suffix"));
                assertEquals("/run/kea/kea4-ctrl-socket", ((Map<?, ?>) config.get("control-socket"))
                        .get("socket-name"));

                List<Map<String, Object>> version = keaShell(lab, dnsNs, MSERVER, "dhcp4", "version-get");
                assertEquals(1, version.size(), version.toString());
                assertEquals(0L, version.get(0).get("result"), version.toString());
                assertTrue(String.valueOf(((Map<?, ?>) version.get(0).get("arguments")).get("extended"))
                        .contains("Leasehold DHCPv4 server"), "Leasehold answers, not the agent: " + version);
                // the agent's d2 socket, as in the seed
                assertEquals(0L, ca(lab, dnsNs, MSERVER, "status-get", "d2", null).get(0).get("result"));

                // the client releases: the records go, and the lease on both servers
                DnsLab.release(lab, client, dir, "c1", ip, 21);
                assertEquals("", DnsLab.waitFor(lab, dnsNs, DNS, FQDN, "A", String::isEmpty), "A removed");
                assertEquals("", DnsLab.waitFor(lab, dnsNs, DNS, DnsLab.ptr(ip), "PTR", String::isEmpty),
                        "PTR removed");
                assertEquals("", DnsLab.dig(lab, dnsNs, DNS, FQDN, "DHCID"), "DHCID removed");
                for (String server : List.of(MSERVER, SSERVER)) {
                    assertEquals(3L, waitForNoLease(lab, dnsNs, server, ip).get("result"), server + " still has "
                            + ip);
                }
                assertEquals("hot-standby", HaLab.state(m.server));
                assertEquals("hot-standby", HaLab.state(s.server));
            } catch (AssertionError | Exception e) {
                StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
                logs.forEach((name, log) -> b.append("\n--- ").append(name).append(":\n").append(DnsLab.tail(log)));
                throw new AssertionError(b.toString(), e);
            }
        }
    }

    /**
     * The DHCP configuration in the seed's style: the seed's high-availability block and paths, DDNS to a local
     * D2, and Kea 2.2's default {@code multi-threading} (off) written out, which is what sends HA traffic through
     * the control agents in Kea 2.2 (Leasehold's own default is Kea 2.4+'s, on, with a dedicated HA listener).
     */
    private static String config(String self) {
        return """
                {
                  "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "eth0" ] },
                    "control-socket": { "socket-type": "unix", "socket-name": "/run/kea/kea4-ctrl-socket" },
                    "lease-database": { "type": "memfile", "persist": true,
                                        "name": "/var/lib/kea/kea-leases4.csv", "lfc-interval": 3600 },
                    "multi-threading": { "enable-multi-threading": false },
                    "valid-lifetime": 3600,
                    "max-valid-lifetime": 7200,
                    "option-data": [ { "name": "domain-name-servers", "data": "%1$s" } ],
                    "dhcp-ddns": { "enable-updates": true, "server-ip": "127.0.0.1", "server-port": 53001 },
                    "ddns-qualifying-suffix": "%2$s",
                    "ddns-send-updates": true,
                    "ddns-replace-client-name": "never",
                    "hooks-libraries": [
                      { "library": "%3$s/libdhcp_lease_cmds.so" },
                      {
                        "library": "%3$s/libdhcp_ha.so",
                        "parameters": {
                          "high-availability": [ {
                            "this-server-name": "%4$s",
                            "mode": "hot-standby",
                            "max-unacked-clients": 0,
                            "heartbeat-delay": 500,
                            "max-response-delay": 10000,
                            "peers": [
                              { "name": "mserver", "url": "http://%5$s:8000/", "role": "primary",
                                "auto-failover": true },
                              { "name": "sserver", "url": "http://%6$s:8000/", "role": "standby",
                                "auto-failover": true }
                            ]
                          } ]
                        }
                      }
                    ],
                    "subnet4": [
                      {
                        "id": 1,
                        "subnet": "192.168.0.0/21",
                        "pools": [ { "pool": "192.168.1.0 - 192.168.1.254" } ],
                        "option-data": [ { "name": "routers", "data": "192.168.0.1" } ]
                      }
                    ],
                    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ],
                                   "severity": "INFO" } ]
                  }
                }
                """.formatted(DNS, DnsLab.ZONE, HaLab.KEA_HOOKS, self, MSERVER, SSERVER);
    }

    /** The lines of {@code a} that are not in {@code b}, trimmed. */
    private static List<String> difference(String a, String b) {
        List<String> bl = b.lines().map(String::trim).toList();
        return a.lines().map(String::trim).filter(l -> !bl.contains(l)).toList();
    }

    /** One server's host: private /run/kea and /var/lib/kea, D2, the DHCP server and kea-ctrl-agent. */
    private final class Host {
        final String name;
        final String ns;
        final String ip;
        final Path home;
        final Path config;
        final Path d2Log;
        final List<String> wrapper;
        LabServer server;

        Host(String name, String ns, String ip, String configText) throws Exception {
            this.name = name;
            this.ns = ns;
            this.ip = ip;
            this.home = Files.createDirectories(dir.resolve(name));
            Files.createDirectories(home.resolve("run"));
            Files.createDirectories(home.resolve("lib"));
            this.config = dir.resolve(name + "-kea-dhcp4.conf");
            Files.writeString(config, configText);
            this.d2Log = dir.resolve(name + "-d2.log");
            // this host's /run/kea and /var/lib/kea: the seed's paths, private to the host
            this.wrapper = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount --bind \"$0/run\" /run/kea && mount --bind \"$0/lib\" /var/lib/kea && exec \"$@\"",
                    home.toString());
        }

        void start(Netns lab, String secret, boolean kea) throws Exception {
            logs.put(name + " d2", d2Log);
            DnsLab.startD2(lab, ns, dir, d2Log, DNS, REVERSE, secret, """
                    "control-socket": { "socket-type": "unix", "socket-name": "/run/kea/kea-ddns-ctrl-socket" },""",
                    wrapper);
            Path socket = home.resolve("run/kea4-ctrl-socket");
            Path log = dir.resolve(name + "-dhcp4.log");
            logs.put(name + " dhcp4", log);
            if (kea) {
                List<String> cmd = new ArrayList<>(wrapper);
                cmd.addAll(List.of("env", "KEA_PIDFILE_DIR=/run/kea", "KEA_LOCKFILE_DIR=/run/kea", "kea-dhcp4",
                        "-c", config.toString()));
                server = LabServer.launch(lab, ns, log, socket, cmd);
            } else {
                List<String> cmd = new ArrayList<>(wrapper);
                cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), "io.leasehold.dhcp.examples.Main", "-c",
                        config.toString(), "--warmup", "0"));
                server = LabServer.launch(lab, ns, log, socket, cmd);
            }
            Path caConf = dir.resolve(name + "-kea-ctrl-agent.conf");
            Files.writeString(caConf, caConfig(ip));
            Path caLog = dir.resolve(name + "-ca.log");
            logs.put(name + " ca", caLog);
            List<String> cmd = new ArrayList<>(wrapper);
            cmd.addAll(List.of("env", "KEA_PIDFILE_DIR=/run/kea", "KEA_LOCKFILE_DIR=/run/kea", "kea-ctrl-agent",
                    "-c", caConf.toString()));
            Process ca = lab.spawn(ns, caLog, cmd);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                assertTrue(ca.isAlive(), "kea-ctrl-agent exited:\n" + DnsLab.tail(caLog));
                List<Map<String, Object>> r = curl(lab, ns, ip, "{\"command\": \"list-commands\", \"service\": "
                        + "[\"dhcp4\"]}");
                if (r != null && Long.valueOf(0).equals(r.get(0).get("result"))) {
                    return;
                }
                Thread.sleep(100); // the agent starts in another process; poll it
            }
            throw new AssertionError("kea-ctrl-agent on " + ip + " did not forward within 30 s:\n"
                    + DnsLab.tail(caLog));
        }
    }

    /** The seed's kea-ctrl-agent.conf: listening on the host's peer URL, dhcp4 and d2 behind unix sockets. */
    private static String caConfig(String ip) {
        return """
                {
                  "Control-agent": {
                    "http-host": "%s",
                    "http-port": 8000,
                    "control-sockets": {
                      "dhcp4": { "socket-type": "unix", "socket-name": "/run/kea/kea4-ctrl-socket" },
                      "d2": { "socket-type": "unix", "socket-name": "/run/kea/kea-ddns-ctrl-socket" }
                    },
                    "loggers": [ { "name": "kea-ctrl-agent", "output_options": [ { "output": "stdout" } ],
                                   "severity": "INFO" } ]
                  }
                }
                """.formatted(ip);
    }

    /** POSTs {@code body} to the agent at {@code ip}:8000 from {@code ns}; the parsed answer, null if none came. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> curl(Netns lab, String ns, String ip, String body) throws Exception {
        Netns.Result r = lab.exec(ns, 15, "curl", "-sS", "--max-time", "10", "-H", "Content-Type: application/json",
                "-d", body, "http://" + ip + ":8000/");
        if (r.exit() != 0 || !r.output().trim().startsWith("[")) {
            return null;
        }
        return (List<Map<String, Object>>) Json.parse(r.output());
    }

    /** A command through the agent; Kea's layout: a JSON list with one answer per service. */
    private static List<Map<String, Object>> ca(Netns lab, String ns, String ip, String command, String service,
                                                String arguments) throws Exception {
        String body = "{\"command\": \"" + command + "\", \"service\": [\"" + service + "\"]"
                + (arguments == null ? "" : ", \"arguments\": " + arguments) + "}";
        List<Map<String, Object>> r = curl(lab, ns, ip, body);
        assertTrue(r != null && r.size() == 1, body + " to " + ip + ": " + r);
        return r;
    }

    /** A dhcp4 command through the agent at {@code ip}, which must succeed (result 0); its answer. */
    private static Map<String, Object> dhcp4(Netns lab, String ns, String ip, String command, String arguments)
            throws Exception {
        Map<String, Object> a = ca(lab, ns, ip, command, "dhcp4", arguments).get(0);
        assertEquals(0L, a.get("result"), command + " to " + ip + ": " + a);
        return a;
    }

    private static Map<String, Object> waitForLease(Netns lab, String ns, String ip, String lease) throws Exception {
        return poll(lab, ns, ip, lease, 0L);
    }

    private static Map<String, Object> waitForNoLease(Netns lab, String ns, String ip, String lease)
            throws Exception {
        return poll(lab, ns, ip, lease, 3L);
    }

    /** Polls (bounded, 10 s) lease4-get through the agent until it answers {@code result}; the last answer. */
    private static Map<String, Object> poll(Netns lab, String ns, String ip, String lease, long result)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Map<String, Object> a = ca(lab, ns, ip, "lease4-get", "dhcp4", "{\"ip-address\": \"" + lease + "\"}")
                    .get(0);
            if (Long.valueOf(result).equals(a.get("result")) || System.nanoTime() > deadline) {
                return a;
            }
            Thread.sleep(200); // HA lease updates travel between other processes; poll
        }
    }

    /** The lease dhclient got, as Kea records it: the option 81 name with its dot, both DNS flags. */
    private static void assertLease(Map<String, Object> answer, String ip) {
        assertEquals(0L, answer.get("result"), answer.toString());
        Map<?, ?> l = (Map<?, ?>) answer.get("arguments");
        assertEquals(List.of(ip, MAC, FQDN + ".", true, true), List.of(l.get("ip-address"), l.get("hw-address"),
                l.get("hostname"), l.get("fqdn-fwd"), l.get("fqdn-rev")), l.toString());
    }

    /** kea-shell against the agent at {@code ip}:8000 (arguments on stdin: none); its parsed output. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> keaShell(Netns lab, String ns, String ip, String service, String command)
            throws Exception {
        Netns.Result r = lab.exec(ns, 30, "sh", "-c", "kea-shell --host " + ip + " --port 8000 --service " + service
                + " " + command + " < /dev/null");
        assertEquals(0, r.exit(), "kea-shell: " + r.output());
        return (List<Map<String, Object>>) Json.parse(r.output());
    }
}
