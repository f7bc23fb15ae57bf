package io.leasehold.dhcp.testing;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.transport.DhcpTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A real Leasehold server inside the test's JVM, on 127.0.0.1 and an ephemeral port, in relay mode: no root, no
 * interfaces. Its configuration is a Kea {@code Dhcp4} map; subnets are reached through the relay address
 * 127.0.0.1 (what {@link DhcpTestClient} puts in giaddr).
 */
public final class DhcpTestServer implements AutoCloseable {
    /** A configuration with one relayed subnet, 192.0.2.0/24, pool .100-.199, routers .1, in-memory leases. */
    public static final String DEFAULT_CONFIG = """
            {
              "lease-database": { "type": "memfile", "persist": false },
              "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
              "valid-lifetime": 3600,
              "subnet4": [ {
                "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ],
                "option-data": [ { "name": "routers", "data": "192.0.2.1" },
                                 { "name": "domain-name-servers", "data": "192.0.2.53" } ]
              } ]
            }
            """;

    private final DhcpServer server;

    private DhcpTestServer(DhcpServer server) {
        this.server = server;
    }

    /** Starts a server with {@link #DEFAULT_CONFIG}. */
    public static DhcpTestServer start() {
        return start(DEFAULT_CONFIG);
    }

    /** Starts a server with the given {@code Dhcp4} map (JSON text of the map, without the outer object). */
    public static DhcpTestServer start(String dhcp4) {
        return start(dhcp4, ServerListener.NONE);
    }

    public static DhcpTestServer start(String dhcp4, ServerListener listener) {
        try {
            DhcpServer s = DhcpServer.builder().configText("{ \"Dhcp4\": " + dhcp4 + " }")
                    .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getByName("127.0.0.1"))
                    .serverPort(0).listener(listener).build().start();
            return new DhcpTestServer(s);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("test server configuration: " + e.getMessage(), e);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients send their queries. */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** A new client relaying to this server; close it when done. */
    public DhcpTestClient newClient() {
        return DhcpTestClient.relayTo(address());
    }

    /** Every lease, in address order. */
    public List<Lease4> leases() {
        return server.leaseStore().getPage(0, 1_000_000);
    }

    /** The underlying server (commands, statistics, lease store, reconfiguration). */
    public DhcpServer server() {
        return server;
    }

    /** A statistic's value, or -1 when it does not exist. */
    public long statistic(String name) {
        return server.statistics().find(name).map(s -> s.get()).orElse(-1L);
    }

    @Override
    public void close() {
        server.close();
    }
}
