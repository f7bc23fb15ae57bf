package io.leasehold.dhcp.examples;

import io.leasehold.dhcp.ha.HaExtension;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.transport.DhcpTransport;

import java.net.InetAddress;

/**
 * A hot-standby HA pair on loopback, no root: two servers with Kea's HA configuration (the same file for both but
 * for {@code this-server-name}), talking Kea's HA protocol over HTTP on 127.0.0.1:18001/18002. It waits until both
 * are in hot-standby, gets a lease from the primary, and shows that the standby received it before the ACK.
 * {@code java -cp dhcp-examples/target/leasehold-dhcp4.jar io.leasehold.dhcp.examples.HaPairOnLoopback}
 */
public final class HaPairOnLoopback {
    static final String CONFIG = """
            { "Dhcp4": {
                "lease-database": { "type": "memfile", "persist": false },
                "valid-lifetime": 3600,
                "hooks-libraries": [
                  { "library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so" },
                  { "library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_ha.so",
                    "parameters": { "high-availability": [ {
                      "this-server-name": "%s", "mode": "hot-standby",
                      "heartbeat-delay": 1000, "max-response-delay": 3000,
                      "peers": [
                        { "name": "server1", "url": "http://127.0.0.1:18001/", "role": "primary" },
                        { "name": "server2", "url": "http://127.0.0.1:18002/", "role": "standby" } ] } ] } } ],
                "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                               "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
            """;

    private HaPairOnLoopback() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DhcpServer primary = start(lo, "server1"); DhcpServer standby = start(lo, "server2")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((state(primary) != HaState.HOT_STANDBY || state(standby) != HaState.HOT_STANDBY)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.println("primary: " + state(primary) + ", standby: " + state(standby));
            try (DhcpTestClient client = DhcpTestClient.relayTo(primary.localAddress())) {
                DhcpTestClient.Lease lease = client.dora(HardwareAddress.parse("02:00:00:00:00:07"));
                System.out.println("primary leased " + lease.addressText() + "; standby has it: "
                        + standby.leaseStore().get(lease.address()).isPresent());
            }
        }
    }

    private static DhcpServer start(InetAddress lo, String name) throws Exception {
        return DhcpServer.builder().configText(CONFIG.formatted(name)).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(lo).serverPort(0).build().start();
    }

    static HaState state(DhcpServer s) {
        for (ServerExtension e : s.extensions()) {
            if (e instanceof HaExtension ha) {
                return ha.status().state();
            }
        }
        throw new IllegalStateException("no HA extension");
    }
}
