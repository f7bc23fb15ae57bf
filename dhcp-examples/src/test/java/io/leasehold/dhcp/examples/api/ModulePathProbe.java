package io.leasehold.dhcp.examples.api;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.DhcpTestServer;

/**
 * Run by {@link ModulePathTest} in a JVM where Leasehold's modules are on the module path and this class is on the
 * class path (an embedder that has not modularised): serves one DORA through the exported API and checks that the
 * internal packages are sealed. Prints "PROBE OK address" or throws.
 */
public final class ModulePathProbe {
    private ModulePathProbe() {
    }

    public static void main(String[] args) throws Exception {
        Module core = DhcpServer.class.getModule();
        require(core.isNamed() && core.getName().equals("io.leasehold.dhcp.core"), "core is not a named module: " + core);
        require(core.isExported("io.leasehold.dhcp.server"), "the server API is not exported");
        require(!core.isExported("io.leasehold.dhcp.engine.internal"), "an internal package is exported");
        Class<?> internal = Class.forName("io.leasehold.dhcp.alloc.internal.Allocators");
        java.lang.reflect.Method create = null;
        for (java.lang.reflect.Method m : internal.getMethods()) {
            if (m.getName().equals("create")) {
                create = m;
            }
        }
        require(create != null, "Allocators.create not found");
        try {
            create.invoke(null, new Object[create.getParameterCount()]);
            throw new IllegalStateException("a public method of an internal package could be called from outside");
        } catch (IllegalAccessException expected) {
            // sealed by the module: the package is not exported
        }
        // the memfile store, the HA extension and the harness are found and work as modules too
        require(DhcpTestServer.class.getModule().isNamed(), "dhcp-testing is not a named module");
        try (DhcpTestServer server = DhcpTestServer.start(); DhcpTestClient client = server.newClient()) {
            DhcpTestClient.Lease lease = client.dora(HardwareAddress.parse("02:00:00:00:00:01"));
            System.out.println("PROBE OK " + lease.addressText());
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
