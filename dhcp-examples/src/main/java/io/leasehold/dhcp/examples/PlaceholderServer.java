package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.config.KeaConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the DHCP engine until it lands: logs what it would serve and stays up until stopped, so that the
 * README's quick start behaves like a server. Swap {@link #LAUNCHER} for the engine's {@link ServerLauncher}.
 */
final class PlaceholderServer implements ServerLauncher.RunningServer {
    private static final Logger LOG = LoggerFactory.getLogger("kea-dhcp4");

    /** The launcher {@link Main} uses. */
    static final ServerLauncher LAUNCHER = PlaceholderServer::start;

    private final CountDownLatch stopped = new CountDownLatch(1);

    private PlaceholderServer() {
    }

    static PlaceholderServer start(KeaConfig config, ServerLauncher.Options options) {
        for (String line : ConfigSummary.lines(config)) {
            LOG.info("DHCP4_CONFIG_SUMMARY {}", line);
        }
        LOG.info("DHCP4_STARTED Leasehold DHCPv4 server {} configured from {} (server port {}, client port {}); the "
                + "DHCP engine is not part of this build yet, so no packets are served. Stop with SIGTERM or Ctrl-C.",
                BuildInfo.version(), config.sourceName(), options.serverPort(), options.clientPort());
        return new PlaceholderServer();
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (stopped.getCount() > 0) {
            LOG.info("DHCP4_SHUTDOWN server is shutting down");
            stopped.countDown();
        }
    }
}
