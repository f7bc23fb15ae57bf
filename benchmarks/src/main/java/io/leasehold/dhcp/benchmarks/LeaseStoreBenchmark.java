package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-memory lease store holding {@code leases} leases (addresses 10.0.0.0 upwards, one subnet, last renewals
 * spread over an hour): point reads, compare-and-set renewals, and add+delete of a lease in a range kept empty.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LeaseStoreBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeaseStoreBenchmark {
    private static final int FIRST = Ipv4.parse("10.0.0.0");
    private static final int SPARE = Ipv4.parse("11.0.0.0");
    private static final long NOW = 1_767_225_600L;

    @Param({"1000000"})
    public int leases;

    private InMemoryLeaseStore store;

    @Setup
    public void setUp() {
        store = new InMemoryLeaseStore();
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < leases; i++) {
            store.add(lease(FIRST + i, NOW - random.nextInt(3600)));
        }
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    static Lease4 lease(int address, long cltt) {
        return Lease4.builder(address)
                .hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, (byte) (address >>> 24),
                    (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}))
                .clientId(ClientId.of(new byte[] {1, (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}))
                .validLifetime(3600).cltt(cltt).subnetId(1).hostname("host-" + (address & 0xffff)).build();
    }

    /** A point read of a random leased address. */
    @Benchmark
    public Optional<Lease4> get() {
        return store.get(FIRST + ThreadLocalRandom.current().nextInt(leases));
    }

    /** A renewal: read a random lease and compare-and-set it with a new cltt (expiry index moves). */
    @Benchmark
    public boolean renew() {
        int address = FIRST + ThreadLocalRandom.current().nextInt(leases);
        Lease4 current = store.get(address).orElseThrow();
        return store.replace(current, current.toBuilder().cltt(current.cltt() + 1).build());
    }

    /** A new lease and its deletion, at a random address outside the filled range. */
    @Benchmark
    public boolean addThenDelete() {
        Lease4 l = lease(SPARE + ThreadLocalRandom.current().nextInt(1 << 20), NOW);
        return store.add(l) && store.delete(l);
    }
}
