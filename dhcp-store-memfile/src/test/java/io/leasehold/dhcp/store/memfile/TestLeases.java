package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lease builders, random leases and file helpers shared by the memfile tests. */
final class TestLeases {
    static final long NOW = 1_795_300_000L;

    private TestLeases() {
    }

    static int ip(String dotted) {
        return Ipv4.parse(dotted);
    }

    static HardwareAddress hw(String text) {
        return HardwareAddress.parse(text);
    }

    static ClientId cid(String text) {
        return ClientId.parse(text);
    }

    /** A plain assigned lease. */
    static Lease4 lease(String address, String hw, long subnet) {
        return Lease4.builder(ip(address)).hardwareAddress(hw(hw)).validLifetime(3600).cltt(NOW).subnetId(subnet)
                .build();
    }

    static MemfileConfig config(Path file) {
        return MemfileConfig.builder().name(file).lfcIntervalSeconds(0).build();
    }

    /** Opens with a virtual clock, so no cleanup runs unless the test advances time. */
    static MemfileLeaseStore open(Path file) {
        return MemfileLeaseStore.open(config(file), new VirtualTime(NOW * 1000));
    }

    /** A random lease drawn from small pools of identities so that keys repeat. */
    static Lease4 random(Random r, int address) {
        Lease4.Builder b = Lease4.builder(address)
                .validLifetime(r.nextInt(10) == 0 ? Lease4.INFINITE_LIFETIME : 1 + r.nextInt(7200))
                .cltt(NOW - r.nextInt(20_000))
                .subnetId(1 + r.nextInt(5))
                .state(r.nextInt(6) == 0 ? r.nextInt(5) : 0)
                .fqdnForward(r.nextBoolean())
                .fqdnReverse(r.nextBoolean())
                .poolId(r.nextInt(3));
        b.hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, (byte) r.nextInt(4), (byte) r.nextInt(50)}));
        if (r.nextBoolean()) {
            b.clientId(ClientId.of(new byte[] {1, 7, (byte) r.nextInt(40)}));
        }
        int h = r.nextInt(8);
        if (h < 3) {
            b.hostname("host-" + r.nextInt(30) + (h == 0 ? ",with&comma" : ".example.org"));
        }
        if (r.nextInt(10) == 0) {
            b.userContext("{ \"n\": " + r.nextInt(100) + ", \"note\": \"a, b & c\" }");
        }
        return b.build();
    }

    /** Every lease of a store in address order, through paging. */
    static List<Lease4> all(MemfileLeaseStore store) {
        List<Lease4> out = new ArrayList<>();
        int after = 0;
        while (true) {
            List<Lease4> page = store.getPage(after, 1000);
            out.addAll(page);
            if (page.size() < 1000) {
                return out;
            }
            after = page.get(page.size() - 1).address();
        }
    }

    /** Unsigned-ordered model map. */
    static TreeMap<Integer, Lease4> model() {
        return new TreeMap<>(Integer::compareUnsigned);
    }

    static void assertSameLeases(Map<Integer, Lease4> expected, MemfileLeaseStore store) {
        assertEquals(new ArrayList<>(expected.values()), all(store));
        assertEquals(expected.size(), store.size());
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    static Path copyResource(String name, Path target) throws IOException {
        try (var in = TestLeases.class.getResourceAsStream("/kea-2.2/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            Files.copy(in, target);
        }
        return target;
    }
}
