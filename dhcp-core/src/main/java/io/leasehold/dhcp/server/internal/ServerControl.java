package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.transport.PacketDispatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the core commands, the status report and the metrics use of a running server. {@link ServerRuntime}
 * implements it; they know only this, so neither they nor it point back at the server's public class.
 */
public interface ServerControl {
    /** The configuration in force. */
    KeaConfig config();

    /** Its JSON text, or null when it was given as objects. */
    String configText();

    /** The file it was loaded from, or null. */
    Path configFile();

    /** Applies a new configuration, remembering its JSON text (null when none). */
    void reconfigure(KeaConfig next, String jsonText) throws ConfigException;

    /** Re-reads {@link #configFile()} and applies it; {@link IllegalStateException} when there is none. */
    KeaConfig reloadConfig() throws IOException, ConfigException;

    /** Reclaims every expired lease now; returns how many. */
    int reclaimExpiredLeases(boolean remove);

    /** Asks the server to stop with this exit value. */
    void requestShutdown(int exitValue);

    long uptimeSeconds();

    long secondsSinceReload();

    /** The packet dispatcher, or null while the sockets are closed. */
    PacketDispatcher dispatcher();

    /** Replies the sockets could not send since start. */
    long sendFailures();

    ServiceState service();

    StatisticsRegistry statistics();

    List<ServerExtension> extensions();
}
