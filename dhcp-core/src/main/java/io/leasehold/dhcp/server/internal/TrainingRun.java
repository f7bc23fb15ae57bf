package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ServiceLoader;

/**
 * What {@code DhcpServer#train} runs, in order: the server's {@link WarmUp} on the configuration, the training of
 * every extension factory that applies to it ({@link ServerExtension.Factory#train}; no extension is created), and
 * the {@link TransportTraining socket pass}; then one {@code LH_TRAINING_DONE} line. Each part has the warm-up
 * budget (the socket pass at most 5 s) and ends early by its own rule.
 */
final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");

    private TrainingRun() {
    }

    static void run(KeaConfig config, Scheduler scheduler, ServerOptions o) {
        long start = System.nanoTime();
        WarmUp.run(config, scheduler, o.serverPort(), o.clientPort(), o.localAddresses(), o.warmUpMillis());
        for (ServerExtension.Factory f : ServiceLoader.load(ServerExtension.Factory.class)) {
            if (f.appliesTo(config)) {
                f.train(config, scheduler, o.warmUpMillis());
            }
        }
        TransportTraining.run(config, Math.min(o.warmUpMillis(), 5_000));
        LOG.info("LH_TRAINING_DONE the training run on {} ended after {} ms; no real client was served",
                config.sourceName(), (System.nanoTime() - start) / 1_000_000);
    }
}
