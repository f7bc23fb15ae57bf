package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.server.DhcpServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Starts a {@link DhcpServer} for the standalone main's {@code -c}. */
final class DhcpServerLauncher implements ServerLauncher.RunningServer {
    static final ServerLauncher LAUNCHER = DhcpServerLauncher::start;

    private final DhcpServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int exitValue;

    private DhcpServerLauncher(DhcpServer server) {
        this.server = server;
    }

    static DhcpServerLauncher start(KeaConfig config, ServerLauncher.Options options) throws Exception {
        DhcpServerLauncher launcher = new DhcpServerLauncher(builder(config, options).build().start());
        Thread waiter = new Thread(() -> {
            try {
                launcher.exitValue = launcher.server.awaitShutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            launcher.close();
        }, "leasehold-shutdown-watch");
        waiter.setDaemon(true);
        waiter.start();
        return launcher;
    }

    /** {@code --train}: {@link DhcpServer#train} on the configuration, with the options' warm-up budget. */
    static void train(KeaConfig config, ServerLauncher.Options options) throws Exception {
        builder(config, options).build().train();
    }

    private static DhcpServer.Builder builder(KeaConfig config, ServerLauncher.Options options) throws Exception {
        DhcpServer.Builder b = DhcpServer.builder().serverPort(options.serverPort()).clientPort(options.clientPort())
                .warmUp(options.warmUp());
        Path file = Path.of(config.sourceName());
        if (Files.isRegularFile(file)) {
            b.configFile(file);
        } else {
            b.config(config);
        }
        return b;
    }

    @Override
    public int exitValue() {
        return exitValue;
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (stopped.getCount() > 0) {
            server.close();
            stopped.countDown();
        }
    }
}
