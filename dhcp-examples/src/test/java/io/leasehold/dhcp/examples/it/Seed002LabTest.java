package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import io.leasehold.dhcp.testing.TestCertificates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seed 002 (kea-ha-load-balancing-mt-tls.json): a load-balancing pair whose peers talk over mutual TLS, with the pools
 * split between the servers by {@code HA_server1}/{@code HA_server2} classes combined with a phones/laptops class.
 * The seed runs in network namespaces with its addresses (server1 192.168.56.33, server2 192.168.56.66, the relay
 * 192.168.56.1) and certificates made here; the only edits are file paths, the control socket path, the hook
 * directory (for Kea) and a basic-auth user and password added to each peer. Server1 is Leasehold; server2 is
 * Leasehold or a real Kea 2.2. Phones (option 60 "Aastra...") and laptops relayed to both servers get addresses from
 * their own server's pool for their class, both servers end with the same leases, and then a peer without a client
 * certificate, with a certificate from another CA, or with a valid certificate and a wrong password is refused by
 * Leasehold's HA listener and nothing changes. Root, perfdhcp, curl and openssl; kea-dhcp4 for the Kea variant.
 */
class Seed002LabTest {
    private static final Path HOOKS = HaLab.KEA_HOOKS;
    private static final String S1 = "192.168.56.33";
    private static final String S2 = "192.168.56.66";
    private static final String RELAY = "192.168.56.1";
    private static final String PHONES = "00:0a:01:00:00:00";
    private static final String LAPTOPS = "00:0b:01:00:00:00";
    /** Option 60 "Aastra57" as perfdhcp's hex. */
    private static final String AASTRA = "60,4161737472613537";

    @TempDir
    Path dir;
    private TestCertificates certs;

    @ParameterizedTest(name = "server2 is {0}")
    @ValueSource(strings = {"leasehold", "kea"})
    void loadBalancingPairOverMutualTls(String server2) throws Exception {
        Netns.assumeLab("perfdhcp", "curl", "unshare");
        boolean kea = server2.equals("kea");
        if (kea) {
            Netns.assumeLab("kea-dhcp4");
            assumeTrue(Files.isRegularFile(HOOKS.resolve("libdhcp_ha.so")), "Kea's HA hook is missing");
        }
        TestCertificates.assumeOpenssl(dir);
        certs = new TestCertificates(dir);
        certs.ca("CA");
        certs.ca("other-ca");
        for (String[] s : new String[][] {{"server1", S1}, {"server2", S2}}) {
            certs.issue(s[0] + "_cert", "CA", s[1]);
            Files.copy(certs.key(s[0] + "_cert"), dir.resolve(s[0] + "_key.pem"));
        }
        certs.issue("intruder", "CA", RELAY);
        certs.issue("rogue", "other-ca", RELAY);
        Files.createDirectories(Path.of("/var/lib/kea"));

        try (Netns lab = new Netns()) {
            String sw = lab.namespace("s2sw");
            HaLab.bridge(lab, sw);
            String ns1 = HaLab.attach(lab, sw, "s2a", "p1", S1);
            String ns2 = HaLab.attach(lab, sw, "s2b", "p2", S2);
            String relay = HaLab.attach(lab, sw, "s2r", "p3", RELAY);
            LabServer one = start(lab, ns1, "server1", false);
            LabServer two = start(lab, ns2, "server2", kea);
            try {
                HaLab.waitForState(one, "server1", "load-balancing", 60);
                HaLab.waitForState(two, "server2", "load-balancing", 60);

                // phones and laptops, each relayed to both servers: each server answers the clients of its scope
                int acks = 0;
                for (String[] c : new String[][] {{PHONES, AASTRA}, {LAPTOPS, null}}) {
                    for (String server : List.of(S1, S2)) {
                        acks += perfdhcp(lab, relay, server, c[0], c[1]);
                    }
                }
                assertTrue(acks >= 40, "the pair served only " + acks + " DORAs");
                Map<String, String> leases = HaLab.waitForSameLeases(one, "server1", two, "server2", 15);
                assertTrue(leases.size() >= 20, "leases: " + leases);
                int[] byPool = new int[4];
                leases.forEach((ip, mac) -> {
                    int host = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
                    boolean phone = mac.startsWith("00:0a:01");
                    if (phone) {
                        assertTrue(host >= 100 && host <= 125 || host >= 200 && host <= 225, "phone " + mac
                                + " got " + ip + ", outside the phone pools");
                    } else {
                        assertTrue(host >= 126 && host <= 150 || host >= 226 && host <= 250, "laptop " + mac
                                + " got " + ip + ", outside the laptop pools");
                    }
                    byPool[(phone ? 0 : 2) + (host >= 200 ? 1 : 0)]++;
                });
                for (int n : byPool) {
                    assertTrue(n > 0, "every pool (phones/laptops x server1/server2) is used: "
                            + java.util.Arrays.toString(byPool));
                }
                assertEquals(leases.size(), new HashSet<>(leases.values()).size(), "one server per client");

                // intruders at Leasehold's HA listener(s); a lease they try to plant must appear nowhere
                List<String> listeners = kea ? List.of(S1) : List.of(S1, S2);
                for (String target : listeners) {
                    String self = target.equals(S1) ? "server1" : "server2";
                    assertEquals(200, curl(lab, relay, target, "intruder", self + ":" + password(self),
                            "{\"command\": \"ha-heartbeat\", \"service\": [\"dhcp4\"]}").status(),
                            "control: a valid certificate and password reach " + target);
                    Curl noCert = curl(lab, relay, target, null, self + ":" + password(self), plant());
                    assertNotEquals(200, noCert.status(), "no client certificate: " + noCert);
                    Curl otherCa = curl(lab, relay, target, "rogue", self + ":" + password(self), plant());
                    assertNotEquals(200, otherCa.status(), "a certificate from another CA: " + otherCa);
                    Curl wrongPassword = curl(lab, relay, target, "intruder", self + ":wrong", plant());
                    assertEquals(401, wrongPassword.status(), "a wrong password: " + wrongPassword);
                }
                assertEquals(leases, HaLab.leaseMap(one), "server1's leases did not change");
                assertEquals(leases, HaLab.leaseMap(two), "server2's leases did not change");
                assertEquals("load-balancing", HaLab.state(one));
                assertEquals("load-balancing", HaLab.state(two));
            } catch (AssertionError | Exception e) {
                throw new AssertionError(e.getMessage() + "\n--- server1 log:\n" + HaLab.tail(one) + "\n--- server2 log:\n"
                        + HaLab.tail(two), e);
            } finally {
                one.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                two.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String password(String server) {
        return server + "-secret";
    }

    private static String plant() {
        return "{\"command\": \"lease4-update\", \"service\": [\"dhcp4\"], \"arguments\": {\"ip-address\": "
                + "\"192.0.3.20\", \"hw-address\": \"00:99:00:00:00:01\", \"subnet-id\": 1, \"valid-lft\": 3600, "
                + "\"force-create\": true}}";
    }

    /** The seed with this test's paths, this server's name and a basic-auth user and password for each peer. */
    private String config(String self, boolean kea) throws Exception {
        String seed;
        try (InputStream in = getClass().getResourceAsStream("/seeds/kea-ha-load-balancing-mt-tls.json")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String c = seed.replace("/usr/lib/kea/", dir + "/")
                .replace("\"/tmp/kea4-ctrl-socket\"", "\"" + dir.resolve(self + ".sock") + "\"")
                .replace("\"this-server-name\": \"server1\"", "\"this-server-name\": \"" + self + "\"");
        for (String peer : List.of("server1", "server2")) {
            c = c.replace("\"name\": \"" + peer + "\",", "\"name\": \"" + peer + "\", \"basic-auth-user\": \""
                    + peer + "\", \"basic-auth-password\": \"" + password(peer) + "\",");
        }
        if (kea) {
            // Kea 2.2 knows loggers' output_options only by its older name
            c = c.replace("/opt/lib/kea/hooks", HOOKS.toString()).replace("\"output-options\"", "\"output_options\"");
        }
        assertTrue(c.contains("\"this-server-name\": \"" + self + "\"") && c.contains(password("server2")), c);
        return c;
    }

    private LabServer start(Netns lab, String ns, String self, boolean kea) throws Exception {
        Path cfg = dir.resolve(self + ".json");
        Files.writeString(cfg, config(self, kea));
        // private /var/lib/kea: both servers keep the seed's default lease file path without sharing it
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs tmpfs /var/lib/kea && exec \"$@\"", "sh"));
        if (kea) {
            cmd.addAll(List.of("env", "KEA_PIDFILE_DIR=" + dir, "KEA_LOCKFILE_DIR=" + dir, "kea-dhcp4", "-c",
                    cfg.toString()));
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), "io.leasehold.dhcp.examples.Main", "-c", cfg.toString()));
        }
        return LabServer.launch(lab, ns, dir.resolve(self + ".log"), dir.resolve(self + ".sock"), cmd);
    }

    private int perfdhcp(Netns lab, String ns, String server, String macs, String option) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("perfdhcp", "-4", "-l", RELAY, "-b", "mac=" + macs, "-r", "15",
                "-R", "30", "-n", "30", "-p", "20"));
        if (option != null) {
            cmd.addAll(List.of("-o", option));
        }
        cmd.add(server);
        Netns.Result r = lab.exec(ns, 40, cmd.toArray(new String[0]));
        assertFalse(r.timedOut(), r.output());
        return RealClientsTest.receivedAcks(r.output());
    }

    /** What curl got: the HTTP status (0 when no HTTP answer came) and its exit code and output. */
    private record Curl(int status, int exit, String output) {
    }

    private Curl curl(Netns lab, String ns, String target, String cert, String credentials, String body)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w",
                "%{http_code}", "--cacert", certs.file("CA.pem").toString(), "-u", credentials, "-H",
                "Content-Type: application/json", "-d", body));
        if (cert != null) {
            cmd.addAll(List.of("--cert", certs.file(cert + ".pem").toString(), "--key", certs.key(cert).toString()));
        }
        cmd.add("https://" + target + ":8000/");
        Netns.Result r = lab.exec(ns, 15, cmd.toArray(new String[0]));
        String out = r.output().trim();
        String code = out.length() >= 3 ? out.substring(out.length() - 3) : "000";
        return new Curl(code.matches("\\d{3}") ? Integer.parseInt(code) : 0, r.exit(), out);
    }
}
