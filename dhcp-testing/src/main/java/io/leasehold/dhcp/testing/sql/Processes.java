package io.leasehold.dhcp.testing.sql;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the database tools. Short commands run to completion with a bound; servers are spawned from one daemon
 * thread that lives as long as the JVM, so the parent-death signal ({@code setpriv --pdeathsig KILL}) they are
 * started with fires only when the JVM itself dies, even from {@code kill -9}.
 */
final class Processes {
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leasehold-testdb-launcher");
        t.setDaemon(true);
        return t;
    });

    private Processes() {
    }

    /** Runs a command to completion within {@code timeoutSeconds}; returns its output, fails with it otherwise. */
    static String run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("leasehold-testdb-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted running " + command.get(0), e);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds
                        + " s:\n" + text);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ":\n"
                        + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Starts a long-running server process as {@code user}, killed by the kernel if this JVM dies. */
    static Process spawn(String user, List<String> command, Path log) throws IOException {
        List<String> full = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user,
                "--init-groups", "--pdeathsig", "KILL", "--"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return LAUNCHER.submit(pb::start).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted starting " + command.get(0), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("could not start " + command.get(0) + " within 30 s", e);
        }
    }

    /** Sends a signal to a process (e.g. {@code INT} for PostgreSQL's fast shutdown). */
    static void signal(Process p, String signal) throws IOException {
        run(List.of("kill", "-" + signal, Long.toString(p.pid())), Map.of(), 10);
    }

    /** Stops a server: the signal, then SIGKILL after {@code graceSeconds}; waits until it is gone. */
    static void stop(Process p, String signal, long graceSeconds) {
        if (!p.isAlive()) {
            return;
        }
        try {
            signal(p, signal);
            if (p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException e) {
            // fall through to SIGKILL
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A free TCP port on loopback (bound and released; the server binds it right after). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Deletes a directory tree, best effort. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
