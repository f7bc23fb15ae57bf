package io.leasehold.dhcp.server;

import io.leasehold.dhcp.alloc.AddressAllocators;
import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.transport.DhcpTransport;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding API: pluggable store and allocator, and a stop that releases every socket and thread. */
class EmbeddingApiTest {
    private static final String CONFIG = """
            { "Dhcp4": { "lease-database": { "type": "memfile", "persist": false },
              "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
              "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24", "pools": [ { "pool": "192.0.2.10 - 192.0.2.20" } ] },
                           { "id": 2, "subnet": "198.51.100.0/24", "pools": [ { "pool": "198.51.100.10 - 198.51.100.20" } ] } ] } }
            """;

    private static Set<String> leaseholdThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("leasehold")).collect(Collectors.toSet());
    }

    @Test
    void storeAndAllocatorArePluggableAndStopReleasesSocketsAndThreads() throws Exception {
        Set<String> before = leaseholdThreads();
        AtomicInteger created = new AtomicInteger();
        AllocatorFactory counting = (id, type, pools, clock, hold) -> {
            created.incrementAndGet();
            return AddressAllocators.create(type, pools, clock, hold);
        };
        InMemoryLeaseStore store = new InMemoryLeaseStore();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        DhcpServer server = DhcpServer.builder().configText(CONFIG).leaseStore(store).allocatorFactory(counting)
                .transportMode(DhcpTransport.Mode.NIO).bindAddress(lo).serverPort(0).controlSockets(false).build()
                .start();
        int port = server.localAddress().getPort();
        assertEquals(2, created.get(), "one allocator per subnet from the factory");
        assertTrue(server.leaseStore() == store, "the given store is used");
        server.close();
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(lo, port))) {
            assertEquals(port, again.getLocalPort(), "the DHCP port is free again after close");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        Set<String> left = leaseholdThreads();
        left.removeAll(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // threads end asynchronously after their executors are shut down
            left = leaseholdThreads();
            left.removeAll(before);
        }
        assertEquals(Set.of(), left, "every thread the server started is gone");
        store.get(0x0a000001); // the embedder's store stays open: the server did not own it
    }
}
