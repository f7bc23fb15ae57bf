package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.config.KeaConfig;

/**
 * Starts the server for {@code -c}. The standalone main calls {@link #start} once the configuration is loaded and
 * logging set up, then waits for {@link RunningServer#awaitTermination()}; SIGTERM and Ctrl-C call
 * {@link RunningServer#close()}. {@link DhcpServerLauncher} is the production launcher.
 */
@FunctionalInterface
public interface ServerLauncher {

    RunningServer start(KeaConfig config, Options options) throws Exception;

    /**
     * Command-line settings for the server.
     *
     * @param serverPort {@code -p}: the port to listen on (and, for relayed traffic, to answer relays on)
     * @param clientPort {@code -P}: the port clients listen on
     * @param debug {@code -d}
     * @param warmUp {@code --warmup}: the warm-up's time budget before the sockets open (zero: none)
     */
    record Options(int serverPort, int clientPort, boolean debug, java.time.Duration warmUp) {
        /** Without a warm-up. */
        Options(int serverPort, int clientPort, boolean debug) {
            this(serverPort, clientPort, debug, java.time.Duration.ZERO);
        }
    }

    /** A started server. */
    interface RunningServer extends AutoCloseable {
        /** Blocks until the server has stopped. */
        void awaitTermination() throws InterruptedException;

        /**
         * The exit status the server asked for when it stopped: the {@code shutdown} command's {@code exit-value},
         * 1 when the lease database was lost for good (Kea's {@code on-fail}); 0 by default.
         */
        default int exitValue() {
            return 0;
        }

        /** Stops the server; idempotent. */
        @Override
        void close();
    }
}
