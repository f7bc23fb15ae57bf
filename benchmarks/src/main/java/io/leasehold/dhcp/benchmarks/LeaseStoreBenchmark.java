package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A lease store holding {@code leases} leases (addresses 10.0.0.0 upwards, one subnet): point reads,
 * compare-and-set renewals, and add+delete of a lease in a range kept empty (so the size stays constant).
 * {@code store=inmemory} is {@link InMemoryLeaseStore}; {@code store=memfile} is {@link MemfileLeaseStore} persisting
 * to a lease file in a temporary directory (fsync-policy none, no periodic cleanup), so every write appends a CSV row
 * with {@code write(2)} before returning. The directory is deleted after the trial.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LeaseStoreBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeaseStoreBenchmark {
    private static final int FIRST = Ipv4.parse("10.0.0.0");
    private static final int SPARE = Ipv4.parse("11.0.0.0");
    private static final long NOW = 1_767_225_600L;

    @Param({"1000000"})
    public int leases;

    @Param({"inmemory", "memfile"})
    public String store;

    private LeaseStore leaseStore;
    private Path dir;

    @Setup
    public void setUp() throws IOException {
        if (store.equals("memfile")) {
            dir = Files.createTempDirectory("leasehold-bench");
            leaseStore = MemfileLeaseStore.open(MemfileConfig.builder().name(dir.resolve("leases4.csv"))
                    .lfcIntervalSeconds(0).fsyncPolicy(FsyncPolicy.NONE).build());
        } else {
            leaseStore = new InMemoryLeaseStore();
        }
        for (int i = 0; i < leases; i++) {
            leaseStore.add(lease(FIRST + i, NOW));
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        leaseStore.close();
        if (dir != null) {
            BenchLeases.deleteTree(dir);
        }
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
        return leaseStore.get(FIRST + ThreadLocalRandom.current().nextInt(leases));
    }

    /** An update: read a random lease and compare-and-set it with a new cltt (expiry index moves). */
    @Benchmark
    public boolean update() {
        int address = FIRST + ThreadLocalRandom.current().nextInt(leases);
        Lease4 current = leaseStore.get(address).orElseThrow();
        return leaseStore.replace(current, current.toBuilder().cltt(current.cltt() + 1).build());
    }

    /** An add of a new lease and its deletion, at a random address outside the filled range. */
    @Benchmark
    public boolean addThenDelete() {
        Lease4 l = lease(SPARE + ThreadLocalRandom.current().nextInt(1 << 20), NOW);
        return leaseStore.add(l) && leaseStore.delete(l);
    }
}
