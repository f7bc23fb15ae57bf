package io.leasehold.dhcp.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a fresh {@link DhcpTestServer} and {@link DhcpTestClient} for every test, closed afterwards.
 * Either inject them as test method parameters, or read {@link #server()} / {@link #client()}.
 *
 * <pre>{@code
 * class MyDeviceTest {
 *     @RegisterExtension
 *     static DhcpServerExtension dhcp = DhcpServerExtension.withConfig(DhcpTestServer.DEFAULT_CONFIG);
 *
 *     @Test
 *     void deviceGetsAnAddress(DhcpTestClient client, DhcpTestServer server) {
 *         DhcpTestClient.Lease lease = client.dora(HardwareAddress.parse("02:00:00:00:00:01"));
 *         assertEquals(1, server.leases().size());
 *     }
 * }
 * }</pre>
 */
public final class DhcpServerExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final String config;
    private DhcpTestServer server;
    private DhcpTestClient client;

    private DhcpServerExtension(String config) {
        this.config = config;
    }

    /** With {@link DhcpTestServer#DEFAULT_CONFIG}. */
    public static DhcpServerExtension withDefaults() {
        return new DhcpServerExtension(DhcpTestServer.DEFAULT_CONFIG);
    }

    /** With the given {@code Dhcp4} map. */
    public static DhcpServerExtension withConfig(String dhcp4) {
        return new DhcpServerExtension(dhcp4);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = DhcpTestServer.start(config);
        client = server.newClient();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        client = null;
        server = null;
    }

    /** The current test's server. */
    public DhcpTestServer server() {
        return server;
    }

    /** The current test's client. */
    public DhcpTestClient client() {
        return client;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == DhcpTestServer.class || t == DhcpTestClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == DhcpTestServer.class ? server : client;
    }
}
