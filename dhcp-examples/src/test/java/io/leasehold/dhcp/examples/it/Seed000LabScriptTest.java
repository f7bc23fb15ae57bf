package io.leasehold.dhcp.examples.it;

import io.leasehold.dhcp.testing.Netns;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs dhcp-examples/lab/seed000-lab.sh: seed 000's three servers with their configurations unchanged, a client
 * per network, and a failover when zaldua1zerb1 dies; the script exits non-zero when a check fails (a network not
 * served, the standby not taking over, an address given twice), and it must leave no namespace behind.
 */
class Seed000LabScriptTest {
    @Test
    void seed000LabServesEveryNetworkAndFailsOver() throws Exception {
        Netns.assumeLab("udhcpc", "dhclient", "unshare", "bash");
        Set<String> before = Netns.listNamespaces();
        Path script = Path.of("lab", "seed000-lab.sh").toAbsolutePath();
        String serverCmd = Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx256m -cp "
                + System.getProperty("java.class.path") + " io.leasehold.dhcp.examples.Main --warmup 0";
        Path log = java.nio.file.Files.createTempFile("seed000-lab", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("SERVER_CMD", serverCmd);
        pb.environment().put("SEEDS", Path.of("src", "test", "resources", "seeds").toAbsolutePath().toString());
        Process p = pb.start();
        boolean done = p.waitFor(400, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
        java.nio.file.Files.deleteIfExists(log);
        assertTrue(done, "the lab did not finish in time:\n" + out);
        // the lab removes everything it made on its way out: no namespace may survive it
        Set<String> after = new TreeSet<>(Netns.listNamespaces());
        after.removeAll(before);
        // only this lab's names count (other labs may run at the same time on a shared machine)
        after.removeIf(n -> !n.matches("(lsw|lz\\d+|lc\\d+|lx\\d+)-[0-9a-f]{4}"));
        assertEquals(Set.of(), after, "namespaces left behind by the lab:\n" + out);
        assertFalse(out.contains("LEAK"), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PASS"), out);
    }
}
