package io.leasehold.dhcp.it;

import io.leasehold.dhcp.server.DhcpServer;

import java.nio.file.Path;

/** Runs a DhcpServer from a Kea config file until killed: the server side of the namespace tests. */
public final class ServerProcess {
    private ServerProcess() {
    }

    public static void main(String[] args) throws Exception {
        DhcpServer.Builder b = DhcpServer.builder().configFile(Path.of(args[0]));
        if (args.length > 1) {
            b.serverPort(Integer.parseInt(args[1]));
        }
        try (DhcpServer server = b.build().start()) {
            System.out.println("LEASEHOLD-READY " + server.listeners());
            System.out.flush();
            server.awaitShutdown();
        }
    }
}
