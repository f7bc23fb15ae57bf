package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000: zaldua1zerb1.json, unchanged, in a namespace whose interfaces are named enp0s17/18/19 as in the seed,
 * serves a client on each of its three networks. The server gets private tmpfs mounts on /var/lib/kea and /run/kea
 * (the seed's lease file and control socket paths), so the host is not touched. Its HA partners do not exist here:
 * with the HA extension the server moves to partner-down after max-response-delay and then serves everything.
 */
class Seed000LabTest {
    @TempDir
    Path dir;

    @Test
    void zaldua1zerb1ServesAllThreeNetworksUnchanged() throws Exception {
        Netns.assumeLab("udhcpc", "unshare");
        Files.createDirectories(Path.of("/var/lib/kea"));
        Files.createDirectories(Path.of("/run/kea"));
        Path cfg = dir.resolve("zaldua1zerb1.json");
        try (InputStream in = getClass().getResourceAsStream("/seeds/zaldua1zerb1.json")) {
            Files.copy(in, cfg);
        }
        try (Netns lab = new Netns()) {
            String srv = lab.namespace("lhz1");
            String c17 = lab.namespace("lhz17");
            String c18 = lab.namespace("lhz18");
            String c19 = lab.namespace("lhz19");
            lab.link(srv, "enp0s17", "192.168.42.4/23", c17, "eth0", null, "00:01:02:03:02:02");
            lab.link(srv, "enp0s18", "192.168.4.4/22", c18, "eth0", null, null);
            lab.link(srv, "enp0s19", "192.168.1.130/25", c19, "eth0", null, null);
            List<String> privateDirs = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs tmpfs /var/lib/kea && mount -t tmpfs tmpfs /run/kea && exec \"$@\"", "sh");
            Process server = lab.spawn(srv, dir.resolve("server.log"), javaCommand(privateDirs, cfg));
            Path script = dir.resolve("udhcpc.sh");
            Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > \"$ENVFILE\"\nexit 0\n");
            script.toFile().setExecutable(true);
            Map<String, CompletableFuture<Netns.Result>> runs = new HashMap<>();
            for (String ns : List.of(c17, c18, c19)) {
                Path env = dir.resolve(ns + ".env");
                runs.put(ns, CompletableFuture.supplyAsync(() -> RealClientsTest.call(() -> lab.exec(ns, 90, "env",
                        "ENVFILE=" + env, "udhcpc", "-f", "-q", "-n", "-t", "40", "-T", "2", "-i", "eth0", "-s",
                        script.toString()))));
            }
            for (Map.Entry<String, CompletableFuture<Netns.Result>> r : runs.entrySet()) {
                Netns.Result res = r.getValue().get();
                assertEquals(0, res.exit(), r.getKey() + " got no lease: " + res.output() + "\nserver log:\n"
                        + Files.readString(dir.resolve("server.log")));
            }
            Map<String, String> e17 = env(dir.resolve(c17 + ".env"));
            assertEquals("192.168.42.10", e17.get("ip"), "the reserved MAC gets its reserved address");
            assertEquals("zaldua1bez1", e17.get("hostname"));
            assertEquals("192.168.42.2", e17.get("router"));
            assertEquals("zalduabat.eus", e17.get("domain"));
            assertEquals("192.168.43.255", e17.get("broadcast"));
            assertEquals("60", e17.get("lease"));
            Map<String, String> e18 = env(dir.resolve(c18 + ".env"));
            assertTrue(e18.get("ip").startsWith("192.168.4."), e18.toString());
            assertEquals("zalduabi.eus", e18.get("domain"));
            Map<String, String> e19 = env(dir.resolve(c19 + ".env"));
            assertTrue(e19.get("ip").startsWith("192.168.1.1"), e19.toString());
            assertEquals("zalduahiru.eus", e19.get("domain"));
            assertTrue(server.isAlive());
        }
    }

    private static List<String> javaCommand(List<String> wrapper, Path cfg) {
        List<String> cmd = new java.util.ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.leasehold.dhcp.examples.Main", "-c", cfg.toString()));
        return cmd;
    }

    private static Map<String, String> env(Path file) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }
}
