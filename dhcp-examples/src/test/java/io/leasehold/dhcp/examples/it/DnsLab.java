package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the dynamic DNS lab tests share: a BIND 9 ({@code named}) authoritative for a forward and a reverse zone
 * updatable with a TSIG key, kea-dhcp-ddns (D2) forwarding to it, dhclient sending an FQDN, and dig.
 */
final class DnsLab {
    /** The forward zone every DDNS lab updates. */
    static final String ZONE = "example.org";

    private DnsLab() {
    }

    /** A fresh random HMAC-SHA256 TSIG secret, base64. */
    static String tsigSecret() {
        return java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));
    }

    /** Creates a namespace with eth0 (MAC {@code mac}, no address) plugged into the switch namespace's bridge. */
    static String client(Netns lab, String sw, String base, String port, String mac) throws Exception {
        String ns = lab.namespace(base);
        lab.link(sw, port, null, ns, "eth0", null, mac);
        HaLab.exec(lab, sw, "ip", "link", "set", port, "master", "br0");
        return ns;
    }

    /** The in-addr.arpa name of an IPv4 address. */
    static String ptr(String ip) {
        String[] o = ip.split("\\.");
        return o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa";
    }

    /**
     * Starts named in {@code ns}, listening on {@code ip} (which also gets {@code ns.ZONE}'s A record), primary for
     * {@link #ZONE} and {@code reverse}, both updatable with the TSIG key {@code ddns-key}; waits (bounded) until it
     * answers. Files and log ({@code named.log}) go to {@code dir}.
     */
    static Process startNamed(Netns lab, String ns, Path dir, String ip, String reverse, String secret)
            throws Exception {
        Path zones = Files.createDirectories(dir.resolve("named"));
        String soa = "$TTL 300\n@ IN SOA ns." + ZONE + ". admin." + ZONE + ". ( 1 3600 600 86400 300 )\n"
                + "  IN NS ns." + ZONE + ".\n";
        Files.writeString(zones.resolve("forward.zone"), soa + "ns IN A " + ip + "\n");
        Files.writeString(zones.resolve("reverse.zone"), soa);
        Path conf = zones.resolve("named.conf");
        Files.writeString(conf, """
                options {
                    directory "%1$s";
                    pid-file "%1$s/named.pid";
                    session-keyfile "%1$s/session.key";
                    listen-on port 53 { %2$s; 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion no;
                    dnssec-validation no;
                    notify no;
                };
                controls { };
                key "ddns-key" { algorithm hmac-sha256; secret "%3$s"; };
                zone "%4$s" { type primary; file "%1$s/forward.zone"; allow-update { key "ddns-key"; }; };
                zone "%5$s" { type primary; file "%1$s/reverse.zone"; allow-update { key "ddns-key"; }; };
                """.formatted(zones, ip, secret, ZONE, reverse));
        Path log = dir.resolve("named.log");
        Process p = lab.spawn(ns, log, List.of("named", "-g", "-c", conf.toString(), "-u", "root", "-n", "1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "named exited:\n" + tail(log));
            if (!dig(lab, ns, ip, "ns." + ZONE, "A").isEmpty()) {
                return p;
            }
            Thread.sleep(200); // named loads its zones in another process; poll it
        }
        throw new AssertionError("named did not answer within 20 s:\n" + tail(log));
    }

    /**
     * Starts kea-dhcp-ddns in {@code ns} listening for NCRs on 127.0.0.1:53001 and updating {@link #ZONE} and
     * {@code reverse} at {@code dnsIp} with the TSIG key; {@code extra} is added to the {@code DhcpDdns} map (e.g. a
     * {@code control-socket}, ending with a comma), {@code wrapper} is prepended to the command. Waits (bounded) for
     * its start message in {@code log}.
     */
    static Process startD2(Netns lab, String ns, Path dir, Path log, String dnsIp, String reverse, String secret,
                           String extra, List<String> wrapper) throws Exception {
        Path run = Files.createDirectories(dir.resolve(log.getFileName() + "-run"));
        Path conf = dir.resolve(log.getFileName() + ".conf");
        Files.writeString(conf, """
                { "DhcpDdns": {
                    "ip-address": "127.0.0.1", "port": 53001, "dns-server-timeout": 1000, %s
                    "tsig-keys": [ { "name": "ddns-key", "algorithm": "HMAC-SHA256", "secret": "%s" } ],
                    "forward-ddns": { "ddns-domains": [ { "name": "%s.", "key-name": "ddns-key",
                        "dns-servers": [ { "ip-address": "%s", "port": 53 } ] } ] },
                    "reverse-ddns": { "ddns-domains": [ { "name": "%s.", "key-name": "ddns-key",
                        "dns-servers": [ { "ip-address": "%s", "port": 53 } ] } ] },
                    "loggers": [ { "name": "kea-dhcp-ddns", "output_options": [ { "output": "stdout" } ],
                                   "severity": "DEBUG", "debuglevel": 50 } ]
                } }
                """.formatted(extra, secret, ZONE, dnsIp, reverse, dnsIp));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of("env", "KEA_PIDFILE_DIR=" + run, "KEA_LOCKFILE_DIR=" + run, "kea-dhcp-ddns", "-c",
                conf.toString()));
        Process p = lab.spawn(ns, log, cmd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "kea-dhcp-ddns exited:\n" + tail(log));
            if (Files.exists(log) && Files.readString(log).contains("DCTL_STARTING")) {
                Thread.sleep(500); // the listener opens right after the start message
                return p;
            }
            Thread.sleep(100); // another process is starting; poll its log
        }
        throw new AssertionError("kea-dhcp-ddns did not start within 20 s:\n" + tail(log));
    }

    /**
     * dhclient ({@code -1}: one try, bounded) with an FQDN option asking the server to update (S flag), files named
     * after {@code name} in {@code dir}; returns the leased address.
     */
    static String dhclient(Netns lab, String ns, Path dir, String name, String fqdn) throws Exception {
        Path cf = dir.resolve(name + ".dhclient.conf");
        Files.writeString(cf, "send fqdn.fqdn \"" + fqdn + "\";\nsend fqdn.encoded on;\n"
                + "send fqdn.server-update on;\nrequest subnet-mask, routers;\n");
        Netns.Result r = lab.exec(ns, 40, "dhclient", "-4", "-1", "-v", "-cf", cf.toString(), "-sf", "/bin/true",
                "-lf", dir.resolve(name + ".leases").toString(), "-pf", dir.resolve(name + ".pid").toString(),
                "eth0");
        assertEquals(0, r.exit(), "dhclient: " + r.output());
        String leases = Files.readString(dir.resolve(name + ".leases"));
        Matcher m = Pattern.compile("fixed-address ([0-9.]+);").matcher(leases);
        assertTrue(m.find(), leases);
        return m.group(1);
    }

    /**
     * RELEASE from {@link #dhclient}'s client, sent from the leased address (configured here with {@code prefix}
     * bits, as dhclient-script would).
     */
    static void release(Netns lab, String ns, Path dir, String name, String ip, int prefix) throws Exception {
        lab.exec(ns, 10, "ip", "addr", "add", ip + "/" + prefix, "dev", "eth0");
        Netns.Result r = lab.exec(ns, 30, "dhclient", "-4", "-r", "-v", "-cf",
                dir.resolve(name + ".dhclient.conf").toString(), "-sf", "/bin/true", "-lf",
                dir.resolve(name + ".leases").toString(), "-pf", dir.resolve(name + ".pid").toString(), "eth0");
        assertEquals(0, r.exit(), r.output());
    }

    /** {@code dig +short} inside {@code ns}, against the server at {@code dnsIp}; the answer lines joined by spaces. */
    static String dig(Netns lab, String ns, String dnsIp, String name, String type) throws Exception {
        Netns.Result r = lab.exec(ns, 15, "dig", "+short", "+time=2", "+tries=2", "@" + dnsIp, name, type);
        return String.join(" ", r.output().trim().lines().filter(l -> !l.startsWith(";")).toList()).trim();
    }

    /** Polls {@link #dig} (bounded, 10 s) until the answer satisfies {@code done}; returns the last answer. */
    static String waitFor(Netns lab, String ns, String dnsIp, String name, String type, Predicate<String> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String v = dig(lab, ns, dnsIp, name, type);
        while (!done.test(v) && System.nanoTime() < deadline) {
            Thread.sleep(200); // D2 updates named asynchronously; poll the zone
            v = dig(lab, ns, dnsIp, name, type);
        }
        return v;
    }

    /** The last 60 lines of a log file, or why there are none. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no log " + log + ": " + e + ")";
        }
    }
}
