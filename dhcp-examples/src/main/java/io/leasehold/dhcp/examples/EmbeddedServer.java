package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerListener;

import java.nio.file.Path;

/**
 * A DHCP server embedded in an application, in ten lines: run it with a Kea configuration file and it serves until
 * the {@code shutdown} command (or Ctrl-C). {@code java -cp dhcp-examples/target/leasehold-dhcp4.jar
 * io.leasehold.dhcp.examples.EmbeddedServer dhcp-examples/conf/leasehold-dhcp4.conf 6767}
 */
public final class EmbeddedServer {
    private EmbeddedServer() {
    }

    public static void main(String[] args) throws Exception {
        try (DhcpServer server = DhcpServer.builder()
                .configFile(Path.of(args[0]))
                .serverPort(args.length > 1 ? Integer.parseInt(args[1]) : 67)
                .listener(new ServerListener() {
                    @Override
                    public void leaseGranted(Lease4 lease) {
                        System.out.println("granted " + lease);
                    }
                })
                .build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.requestShutdown(0)));
            server.awaitShutdown();
        }
    }
}
