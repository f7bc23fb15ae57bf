package io.leasehold.dhcp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
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
 * tag so parallel or leftover labs never collide; {@link #close()} kills the processes it started and everything
 * inside its namespaces, deletes the namespaces (which removes their veth pairs), then checks that none of them
 * survived and fails with {@link IllegalStateException} if one did. Traffic stays inside these namespaces.
 *
 * <p>The lab is recorded in {@code /run/leasehold-labs/<tag>/} (owner process, namespaces), the same record the
 * shell labs keep ({@code dhcp-testing/scripts/labkit.sh}): a lab whose JVM was killed before {@code close()} is
 * removed by the next lab that starts, Java or shell. A shutdown hook closes a lab the test forgot to close.
 */
public final class Netns implements AutoCloseable {
    /** Where labs record what they made; shared with {@code labkit.sh}. */
    static final Path STATE = Path.of(System.getProperty("leasehold.lab.state", "/run/leasehold-labs"));

    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Path record;
    private Thread shutdownHook;
    private boolean closed;

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
    public synchronized String namespace(String base) throws IOException {
        if (closed) {
            throw new IllegalStateException("lab " + tag + " is closed");
        }
        String name = base + "-" + tag;
        record(name);
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
        // made inside the two namespaces in one step, so no veth is ever left in the host's namespace
        run("ip", "link", "add", tmpA, "netns", nsA, "type", "veth", "peer", "name", tmpB, "netns", nsB);
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
    public synchronized Process spawn(String ns, Path log, List<String> cmd) throws IOException {
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

    /**
     * Kills the lab's processes and everything in its namespaces, deletes the namespaces, then checks.
     *
     * @throws IllegalStateException naming every namespace or process that survived
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook runs this anyway
            }
        }
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
            deleteNamespace(ns);
        }
        List<String> leaks = new ArrayList<>();
        Set<String> left = listNamespaces();
        for (String ns : namespaces) {
            if (left.contains(ns)) {
                leaks.add("namespace " + ns);
            }
        }
        for (Process p : processes) {
            if (p.isAlive()) {
                leaks.add("process " + p.pid());
            }
        }
        if (record != null && leaks.isEmpty()) {
            deleteTree(record);
        }
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("lab " + tag + " left behind: " + String.join(", ", leaks));
        }
    }

    /** The namespaces that exist now ({@code ip netns list}). */
    public static Set<String> listNamespaces() {
        Set<String> names = new TreeSet<>();
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                String name = line.trim().split("\\s+")[0];
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }

    /**
     * Removes every recorded lab (this JVM's or a shell lab's) whose owner process is gone: its processes, its
     * namespaces and its record. Runs when a lab creates its first namespace.
     *
     * @return the number of dead labs removed
     */
    public static int sweepDeadLabs() {
        int swept = 0;
        if (!Files.isDirectory(STATE)) {
            return 0;
        }
        try (DirectoryStream<Path> labs = Files.newDirectoryStream(STATE)) {
            for (Path lab : labs) {
                Path owner = lab.resolve("owner");
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                String[] f = Files.readString(owner, StandardCharsets.UTF_8).trim().split("\\s+");
                if (f.length == 2 && f[1].equals(startTime(Long.parseLong(f[0])))) {
                    continue; // its owner still runs
                }
                reap(lab);
                swept++;
            }
        } catch (IOException | NumberFormatException e) {
            // a record we cannot read is left for a person to look at
        }
        return swept;
    }

    private void record(String name) throws IOException {
        if (record == null) {
            sweepDeadLabs();
            record = STATE.resolve(tag);
            Files.createDirectories(record);
            long self = ProcessHandle.current().pid();
            Files.writeString(record.resolve("owner"), self + " " + startTime(self) + "\n", StandardCharsets.UTF_8);
            shutdownHook = new Thread(this::closeQuietly, "netns-lab-" + tag);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        Files.writeString(record.resolve("namespaces"), name + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }

    private static void reap(Path lab) throws IOException {
        Path pids = lab.resolve("pids");
        if (Files.isRegularFile(pids)) {
            for (String line : Files.readAllLines(pids, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[1].equals(startTime(Long.parseLong(f[0])))) {
                    ProcessHandle.of(Long.parseLong(f[0])).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        Path nss = lab.resolve("namespaces");
        if (Files.isRegularFile(nss)) {
            for (String ns : Files.readAllLines(nss, StandardCharsets.UTF_8)) {
                if (!ns.isBlank()) {
                    deleteNamespace(ns.trim());
                }
            }
        }
        Path paths = lab.resolve("paths");
        if (Files.isRegularFile(paths)) {
            for (String p : Files.readAllLines(paths, StandardCharsets.UTF_8)) {
                if (p.startsWith("/tmp/") || p.startsWith("/var/tmp/")) {
                    deleteTree(Path.of(p));
                }
            }
        }
        deleteTree(lab);
    }

    /** Field 22 of {@code /proc/PID/stat} (start time in clock ticks since boot), or "" when there is no such process. */
    static String startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return f.length > 19 ? f[19] : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteNamespace(String ns) {
        try {
            // kill anything left in the namespace (dhclient daemons, servers), wait until it is empty, delete it
            for (int i = 0; i < 50; i++) {
                Process pids = new ProcessBuilder("ip", "netns", "pids", ns).start();
                String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                pids.waitFor(5, TimeUnit.SECONDS);
                if (out.isBlank()) {
                    break;
                }
                for (String pid : out.split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
                Thread.sleep(100); // polling the kernel for the killed processes to be gone; nothing to await
            }
            run("ip", "netns", "del", ns);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            // reported by the check in close()
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
