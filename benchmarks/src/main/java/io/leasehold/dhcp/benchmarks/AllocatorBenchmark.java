package io.leasehold.dhcp.benchmarks;

import io.leasehold.dhcp.alloc.AddressAllocators;
import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocation from one 1,048,576-address pool kept at a fixed fill level: each operation allocates an address and
 * releases it again, so the fill stays where setup put it (random used addresses). The claim is that the cost does
 * not grow with the fill level for any allocator.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AllocatorBenchmark</pre>
 * Add {@code -t 2} to measure two threads sharing one allocator.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AllocatorBenchmark {
    private static final int POOL_SIZE = 1 << 20;
    private static final Predicate<String> NO_CLASSES = c -> false;

    @Param({"iterative", "random", "flq"})
    public String allocator;

    /** Percentage of the pool marked used before measuring. */
    @Param({"0", "90", "99.9"})
    public double fillPercent;

    private AddressAllocator alloc;

    @Setup
    public void setUp() {
        int first = Ipv4.parse("10.0.0.0");
        alloc = AddressAllocators.create(AllocatorType.fromKeaName(allocator),
                List.of(PoolRange.of(AddressRange.of(first, first + POOL_SIZE - 1))), Clock.SYSTEM, 60_000);
        long toUse = Math.round(POOL_SIZE * fillPercent / 100.0);
        SplittableRandom random = new SplittableRandom(7);
        // mark a random subset used: sparse fills by drawing, dense fills by drawing the free ones
        if (toUse <= POOL_SIZE / 2) {
            for (long used = 0; used < toUse; ) {
                if (alloc.markUsed(first + random.nextInt(POOL_SIZE))) {
                    used++;
                }
            }
        } else {
            for (int i = 0; i < POOL_SIZE; i++) {
                alloc.markUsed(first + i);
            }
            for (long free = 0; free < POOL_SIZE - toUse; ) {
                if (alloc.markFree(first + random.nextInt(POOL_SIZE))) {
                    free++;
                }
            }
        }
        if (alloc.freeCount() != POOL_SIZE - toUse) {
            throw new IllegalStateException("fill went wrong: " + alloc.freeCount() + " free");
        }
    }

    /** One allocation and its release. */
    @Benchmark
    public long allocateAndRelease() {
        long address = alloc.allocate(NO_CLASSES);
        if (address != AddressAllocator.NONE) {
            alloc.release((int) address);
        }
        return address;
    }
}
