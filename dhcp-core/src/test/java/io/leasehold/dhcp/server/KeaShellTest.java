package io.leasehold.dhcp.server;

import io.leasehold.dhcp.control.TestCertificates;
import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code kea-shell} (the Kea Control Agent's command-line client, package kea-ctrl-agent) drives
 * Leasehold's HTTP control socket directly, with basic authentication and over HTTPS. Skipped when kea-shell is
 * not installed.
 */
class KeaShellTest {
    private static String keaShell;

    @TempDir
    Path dir;

    @BeforeAll
    static void findKeaShell() {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (new File(d, "kea-shell").canExecute()) {
                keaShell = d + "/kea-shell";
            }
        }
    }

    private DhcpServer start(String socket) throws Exception {
        String config = """
                { "Dhcp4": {
                    "control-sockets": [ %s ],
                    "lease-database": { "type": "memfile", "persist": false },
                    "hooks-libraries": [ { "library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so" } ],
                    "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                                   "pools": [ { "pool": "192.0.2.10 - 192.0.2.200" } ] } ] } }
                """.formatted(socket);
        return DhcpServer.builder().configText(config).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getLoopbackAddress()).serverPort(0).build().start();
    }

    /** Runs kea-shell with {@code arguments} on stdin (its way of taking command arguments). */
    private List<Map<String, Object>> keaShell(List<String> options, String command, String arguments)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(keaShell);
        cmd.addAll(options);
        cmd.add(command);
        Path in = dir.resolve("stdin");
        Files.writeString(in, arguments);
        Path out = dir.resolve("stdout");
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kea-shell finished");
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> answers = (List<Map<String, Object>>) Json.parse(text);
        return answers;
    }

    @Test
    void keaShellDrivesTheHttpSocketWithBasicAuthentication() throws Exception {
        assumeTrue(keaShell != null, "kea-shell is not installed (Debian package kea-ctrl-agent)");
        try (DhcpServer server = start("""
                { "socket-type": "http", "socket-address": "127.0.0.1", "socket-port": 0,
                  "authentication": { "type": "basic", "clients": [ { "user": "admin", "password": "s3cret" } ] } }
                """)) {
            List<String> opts = List.of("--host", "127.0.0.1", "--port",
                    Integer.toString(server.httpControlAddress().getPort()), "--auth-user", "admin",
                    "--auth-password", "s3cret", "--service", "dhcp4");
            List<Map<String, Object>> list = keaShell(opts, "list-commands", "");
            assertEquals(1, list.size());
            assertEquals(0L, list.get(0).get("result"));
            assertTrue(((List<?>) list.get(0).get("arguments")).contains("lease4-get-all"));

            assertEquals(0L, keaShell(opts, "lease4-add", "\"ip-address\": \"192.0.2.10\", \"hw-address\":"
                    + " \"02:00:00:00:00:10\"").get(0).get("result"));
            Map<String, Object> all = keaShell(opts, "lease4-get-all", "").get(0);
            assertEquals("1 IPv4 lease(s) found.", all.get("text"));
            assertEquals("192.0.2.10", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) all.get("arguments")).get("leases"))
                    .get(0)).get("ip-address"));
            Map<String, Object> status = keaShell(opts, "status-get", "").get(0);
            assertEquals(0L, status.get("result"));
            assertTrue(((Map<?, ?>) status.get("arguments")).containsKey("uptime"));
            Map<String, Object> stats = keaShell(opts, "statistic-get-all", "").get(0);
            assertEquals(1L, ((List<?>) ((List<?>) ((Map<?, ?>) stats.get("arguments"))
                    .get("subnet[1].assigned-addresses")).get(0)).get(0));

            // without a service kea-shell addresses the agent; Leasehold is the server and answers itself
            List<String> noService = opts.subList(0, opts.size() - 2);
            assertEquals(0L, keaShell(noService, "version-get", "").get(0).get("result"));
            // wrong password: kea-shell reports the HTTP 401 and fails
            List<String> wrong = new ArrayList<>(opts);
            wrong.set(wrong.indexOf("s3cret"), "nope");
            Process p = new ProcessBuilder(prepend(keaShell, wrong, "list-commands"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("denied").toFile()).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(dir.resolve("denied")).contains("401"),
                    Files.readString(dir.resolve("denied")));
        }
    }

    @Test
    void keaShellOverHttpsWithAClientCertificate() throws Exception {
        assumeTrue(keaShell != null, "kea-shell is not installed (Debian package kea-ctrl-agent)");
        assumeTrue(TestCertificates.available(dir), "openssl is needed to make test certificates");
        TestCertificates c = TestCertificates.create(dir);
        try (DhcpServer server = start("""
                { "socket-type": "https", "socket-address": "127.0.0.1", "socket-port": 0, "trust-anchor": "%s",
                  "cert-file": "%s", "key-file": "%s", "cert-required": true }
                """.formatted(c.ca(), c.serverCert(), c.serverKey()))) {
            List<String> opts = List.of("--host", "127.0.0.1", "--port",
                    Integer.toString(server.httpControlAddress().getPort()), "--ca", c.ca().toString(), "--cert",
                    c.clientCert().toString(), "--key", c.clientKey().toString(), "--service", "dhcp4");
            assertEquals(0L, keaShell(opts, "status-get", "").get(0).get("result"));
        }
    }

    private static List<String> prepend(String first, List<String> rest, String last) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        out.add(last);
        return out;
    }
}
