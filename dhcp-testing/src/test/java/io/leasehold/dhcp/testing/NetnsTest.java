package io.leasehold.dhcp.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab removes what it made on every way out, Java or shell, and notices what survives (root only). */
class NetnsTest {

    @Test
    void closeRemovesNamespacesAndEveryProcessInThem() throws Exception {
        Netns.assumeLab("sleep");
        String a;
        String b;
        Process spawned;
        try (Netns lab = new Netns()) {
            a = lab.namespace("ntA");
            b = lab.namespace("ntB");
            lab.link(a, "eth0", "10.77.0.1/24", b, "eth0", "10.77.0.2/24", null);
            spawned = lab.spawn(a, Files.createTempFile("netns", ".log"), List.of("sleep", "300"));
            // a daemon the lab did not start itself: only found through the namespace
            lab.exec(b, 10, "sh", "-c", "setsid sleep 300 >/dev/null 2>&1 < /dev/null &");
            assertTrue(Netns.listNamespaces().containsAll(Set.of(a, b)));
        }
        assertFalse(spawned.isAlive());
        Set<String> left = Netns.listNamespaces();
        assertFalse(left.contains(a) || left.contains(b), "namespaces left behind: " + left);
    }

    @Test
    void aLabWhoseOwnerDiedIsSweptByTheNextOne() throws Exception {
        Netns.assumeLab("true");
        // a finished process stands for a test JVM killed with -9 before it could close its lab
        Process dead = new ProcessBuilder("true").start();
        long deadPid = dead.pid();
        String deadStart = "1"; // any start time that does not match a live process with that pid
        dead.waitFor(10, TimeUnit.SECONDS);
        String ns = "ntdead-" + Long.toString(System.nanoTime(), 36);
        Path record = Netns.STATE.resolve("t" + Long.toString(System.nanoTime(), 36));
        Files.createDirectories(record);
        Files.writeString(record.resolve("owner"), deadPid + " " + deadStart + "\n", StandardCharsets.UTF_8);
        Files.writeString(record.resolve("namespaces"), ns + "\n", StandardCharsets.UTF_8);
        new ProcessBuilder("ip", "netns", "add", ns).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(Netns.listNamespaces().contains(ns));

        assertTrue(Netns.sweepDeadLabs() >= 1);
        assertFalse(Netns.listNamespaces().contains(ns), "the dead lab's namespace survived the sweep");
        assertFalse(Files.exists(record));
    }

    @Test
    void shellLabKilledWithSigkillIsSweptAndAShellLabChecksItsOwnCleanup() throws Exception {
        Netns.assumeLab("bash");
        Path kit = Path.of("scripts", "labkit.sh").toAbsolutePath();
        // 1. a shell lab that is killed with -9 while it holds a namespace and a daemon in it
        Path script = Files.createTempFile("labkit", ".sh");
        Files.writeString(script, "set -eu\nsource '" + kit + "'\nlabkit_init killed\nN=$(labkit_ns ktest)\n"
                + "ip netns exec \"$N\" sleep 300 &\necho \"ns=$N\"\nexec sleep 300\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        String ns = first.substring(first.indexOf("ns=") + 3).trim();
        assertTrue(Netns.listNamespaces().contains(ns), first);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(Netns.listNamespaces().contains(ns), "kill -9 runs no trap: the namespace is still there");

        // 2. the next shell lab sweeps it, and its own exit leaves nothing behind
        Files.writeString(script, "set -eu\nsource '" + kit + "'\nlabkit_init next\nN=$(labkit_ns knext)\n"
                + "ip netns exec \"$N\" sh -c 'setsid sleep 300 >/dev/null 2>&1 </dev/null &'\n",
                StandardCharsets.UTF_8);
        Process next = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(next.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, next.exitValue(), out);
        assertTrue(out.contains("removing the leftovers of a dead lab"), out);
        Files.deleteIfExists(script);
        Set<String> left = Netns.listNamespaces();
        assertFalse(left.contains(ns), "the killed lab's namespace survived: " + out);
        assertTrue(left.stream().noneMatch(n -> n.startsWith("knext-")), "the second lab left its namespace: " + left);
    }
}
