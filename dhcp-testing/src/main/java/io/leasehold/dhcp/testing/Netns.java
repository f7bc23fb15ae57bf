package io.leasehold.dhcp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A lab of network namespaces joined by veth pairs, for tests with real DHCP clients. Every name carries a random
 * tag so parallel or leftover labs never collide; {@link #close()} deletes every namespace it made (which removes
 * their veth pairs and kills nothing outside them). Traffic stays inside these namespaces.
 */
public final class Netns implements AutoCloseable {
    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** Skips the calling test unless we are root on Linux with ip, and the named tools exist. */
    public static void assumeLab(String... tools) {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "network namespace tests need Linux");
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespace tests need root (CI runs them)");
        assumeTrue(onPath("ip"), "iproute2 'ip' is not installed");
        for (String t : tools) {
            assumeTrue(onPath(t), t + " is not installed (CI installs it, see .ci/run)");
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Creates a namespace named {@code base + tag}; returns the full name. */
    public String namespace(String base) throws IOException {
        String name = base + "-" + tag;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /**
     * Joins two namespaces with a veth pair: {@code ifA} in {@code nsA} with {@code cidrA} (null: no address) and
     * {@code ifB} in {@code nsB} with {@code cidrB} and an optional MAC.
     */
    public void link(String nsA, String ifA, String cidrA, String nsB, String ifB, String cidrB, String macB)
            throws IOException {
        String tmpA = "lha" + tag + namespaces.size();
        String tmpB = "lhb" + tag + namespaces.size();
        tmpA = tmpA.substring(0, Math.min(15, tmpA.length()));
        tmpB = tmpB.substring(0, Math.min(15, tmpB.length()));
        run("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB);
        run("ip", "link", "set", tmpA, "netns", nsA);
        run("ip", "link", "set", tmpB, "netns", nsB);
        run("ip", "-n", nsA, "link", "set", tmpA, "name", ifA);
        run("ip", "-n", nsB, "link", "set", tmpB, "name", ifB);
        if (macB != null) {
            run("ip", "-n", nsB, "link", "set", ifB, "address", macB);
        }
        if (cidrA != null) {
            run("ip", "-n", nsA, "addr", "add", cidrA, "dev", ifA);
        }
        if (cidrB != null) {
            run("ip", "-n", nsB, "addr", "add", cidrB, "dev", ifB);
        }
        run("ip", "-n", nsA, "link", "set", ifA, "up");
        run("ip", "-n", nsB, "link", "set", ifB, "up");
    }

    /** Runs a command inside a namespace and waits (bounded) for it; returns its output. */
    public Result exec(String ns, long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(done ? p.exitValue() : -1, out, !done);
    }

    /** Starts a long-running process inside a namespace; killed at {@link #close()}. */
    public Process spawn(String ns, Path log, List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Outcome of a command. */
    public record Result(int exit, String output, boolean timedOut) {
    }

    private static void run(String... cmd) throws IOException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            try {
                // kill anything left in the namespace (dhclient daemons), then delete it
                Process pids = new ProcessBuilder("ip", "netns", "pids", ns).start();
                String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                pids.waitFor(5, TimeUnit.SECONDS);
                for (String pid : out.split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                run("ip", "netns", "del", ns);
            } catch (IOException | InterruptedException | NumberFormatException e) {
                // best effort
            }
        }
    }
}
