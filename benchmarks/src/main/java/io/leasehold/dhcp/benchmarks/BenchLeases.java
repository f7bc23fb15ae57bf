package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Leases as perfdhcp's clients get them: MAC, client id 01+MAC, no host name, one subnet, 4000 s. */
final class BenchLeases {
    /** 10.128.0.0, the first address of the benchmark pools. */
    static final int FIRST = 0x0a800000;
    static final long CLTT = 1_767_225_600L;

    private BenchLeases() {
    }

    static Lease4 lease(int i) {
        byte[] mac = {2, 0x4c, (byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
        byte[] cid = new byte[7];
        cid[0] = 1;
        System.arraycopy(mac, 0, cid, 1, 6);
        return Lease4.builder(FIRST + i).hardwareAddress(HardwareAddress.ethernet(mac)).clientId(ClientId.of(cid))
                .validLifetime(4000).cltt(CLTT + (i & 1023)).subnetId(1).build();
    }

    static void fill(LeaseStore store, int count) {
        for (int i = 0; i < count; i++) {
            if (!store.add(lease(i))) {
                throw new IllegalStateException("lease " + i + " not added");
            }
        }
    }

    /** Deletes a temporary directory and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
