package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the short form of dhcp-examples/lab/failover-soak.sh: one round of each fault (kill -9 and restart, SIGSTOP
 * past max-response-delay, peer-link cut) for a hot-standby Leasehold pair, a hot-standby Leasehold primary with a
 * Kea 2.2 standby, and a load-balancing Leasehold pair, under perfdhcp load with every DHCPACK captured at the relay.
 * The script fails a round on a double allocation, an ACKed lease missing from both lease files, or a pair that does
 * not return to its normal state by itself; it must end with "N passed, 0 failed" and leave no namespace behind.
 * Skips unless root with kea-dhcp4 (and its HA and lease_cmds hooks), perfdhcp, dumpcap, tshark and python3.
 */
class FailoverSoakScriptTest {
    private static final Path HOOKS = HaLab.KEA_HOOKS;
    private static final Pattern FINAL = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");
    private static final Pattern SOAK_NAMESPACE = Pattern.compile("(fssw|fsa|fsb|fsrly)-[0-9a-f]+");

    @Test
    void shortFormPassesAndLeavesNothingBehind() throws Exception {
        Netns.assumeLab("bash", "perfdhcp", "kea-dhcp4", "tshark", "dumpcap", "python3");
        for (String lib : List.of("libdhcp_ha.so", "libdhcp_lease_cmds.so")) {
            assumeTrue(Files.isRegularFile(HOOKS.resolve(lib)), HOOKS.resolve(lib) + " is missing");
        }
        Set<String> before = Netns.listNamespaces();
        Path script = Path.of("lab", "failover-soak.sh").toAbsolutePath();
        String serverCmd = Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx256m -cp "
                + System.getProperty("java.class.path") + " io.leasehold.dhcp.examples.Main";
        Path log = Files.createTempFile("failover-soak", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--combos",
                "lh-lh:hot-standby,lh-kea:hot-standby,lh-lh:load-balancing", "--rounds-per-fault", "1",
                "--time-limit", "600").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SERVER_CMD", serverCmd);
        Process p = pb.start();
        boolean done = p.waitFor(660, TimeUnit.SECONDS);
        if (!done) {
            p.destroy(); // TERM: the script's lab kit cleans up
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        System.out.println(out);
        assertTrue(done, "the soak did not finish in time:\n" + out);
        // the lab removes everything it made on its way out: no namespace may survive it. Only the soak's own
        // namespaces (fssw-, fsa-, fsb-, fsrly- + tag) are compared: other labs may come and go on a shared machine.
        Set<String> after = new TreeSet<>(Netns.listNamespaces());
        after.removeAll(before);
        after.removeIf(ns -> !SOAK_NAMESPACE.matcher(ns).matches());
        assertEquals(Set.of(), after, "namespaces left behind by the soak:\n" + out);
        Matcher tag = Pattern.compile("\\[soak [0-9:]+\\] lab ([0-9a-f]+):").matcher(out);
        assertTrue(tag.find(), "no lab tag in the output:\n" + out);
        for (String ns : Netns.listNamespaces()) {
            assertFalse(ns.endsWith("-" + tag.group(1)), ns + " of the soak's lab survived:\n" + out);
        }
        assertFalse(out.contains("LEAK"), out);
        Matcher m = FINAL.matcher(out);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        assertTrue(last != null, "no final 'N passed, M failed' line:\n" + out);
        assertTrue(last.matches("[1-9]\\d* passed, 0 failed"), last + "\n" + out);
        assertEquals(0, p.exitValue(), out);
    }
}
