package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.testing.DhcpTestClient;

import java.net.InetSocketAddress;

/**
 * Gets a lease from a running server as a relay agent on loopback would, and prints it:
 * {@code java -cp dhcp-examples/target/leasehold-dhcp4.jar io.leasehold.dhcp.examples.GetLease 127.0.0.1:6767
 * [MAC]}.
 */
public final class GetLease {
    private GetLease() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String target = args.length > 0 ? args[0] : "127.0.0.1:6767";
        HardwareAddress mac = HardwareAddress.parse(args.length > 1 ? args[1] : "02:00:00:00:00:99");
        int colon = target.lastIndexOf(':');
        InetSocketAddress server = new InetSocketAddress(target.substring(0, colon),
                Integer.parseInt(target.substring(colon + 1)));
        try (DhcpTestClient client = DhcpTestClient.relayTo(server)) {
            DhcpTestClient.Lease lease = client.dora(mac);
            System.out.println("leased " + lease.addressText() + " to " + mac + " for " + lease.leaseTime() + " s"
                    + " from server " + Ipv4.toString(lease.serverId()));
            int[] routers = lease.ack().routers();
            if (routers != null && routers.length > 0) {
                System.out.println("router " + Ipv4.toString(routers[0]));
            }
            if (lease.ack().domainName() != null) {
                System.out.println("domain " + lease.ack().domainName());
            }
        } catch (AssertionError e) {
            System.err.println("no lease: " + e.getMessage());
            System.exit(1);
        }
    }
}
