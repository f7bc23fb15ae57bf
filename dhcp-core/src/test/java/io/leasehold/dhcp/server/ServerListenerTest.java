package io.leasehold.dhcp.server;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expired leases reach the embedder's listener through the reclamation timer, in virtual time. */
class ServerListenerTest {
    @Test
    void reclamationReportsExpiredLeases() throws Exception {
        VirtualTime time = new VirtualTime();
        List<Lease4> expired = new CopyOnWriteArrayList<>();
        String config = """
                { "Dhcp4": { "lease-database": { "type": "memfile", "persist": false },
                  "expired-leases-processing": { "reclaim-timer-wait-time": 5 },
                  "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] } ] } }
                """;
        try (DhcpServer server = DhcpServer.builder().configText(config).scheduler(time)
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(InetAddress.getByName("127.0.0.1")).serverPort(0)
                .controlSockets(false).listener(new ServerListener() {
                    @Override
                    public void leaseExpired(Lease4 lease) {
                        expired.add(lease);
                    }
                }).build().start()) {
            Lease4 lease = Lease4.builder(Ipv4.parse("192.0.2.10")).hardwareAddress(HardwareAddress.parse(
                    "02:00:00:00:00:01")).subnetId(1).validLifetime(60).cltt(time.currentTimeSeconds()).build();
            server.leases().addLease(lease);
            time.advance(30_000);
            assertEquals(List.of(), expired, "not expired yet");
            time.advance(60_000);
            assertEquals(1, expired.size());
            assertEquals(lease.address(), expired.get(0).address());
            assertEquals(0, server.statistics().find("subnet[1].assigned-addresses").orElseThrow().get());
        }
    }
}
