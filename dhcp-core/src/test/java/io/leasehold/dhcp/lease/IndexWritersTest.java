package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Writers of different addresses that share one index entry (a /24's bitmap, a key's address list, an expiry
 * second) never lose each other's change, including while the entry is being created or dropped: each writer adds
 * its own address, finds it there at once (only it may remove it), removes it and goes again, so the shared entry
 * keeps appearing and disappearing. Bounded: {@value #ROUNDS} rounds per writer.
 */
class IndexWritersTest {
    private static final int ROUNDS = 40_000;
    private static final int WRITERS = 4;

    /** Runs {@code round(writer, i)} on each writer thread; each round returns whether its check held. */
    private static void race(RoundCheck round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            Future<?>[] done = new Future<?>[WRITERS];
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done[w] = pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        if (!round.test(writer, i)) {
                            throw new AssertionError("writer " + writer + " lost its own change in round " + i);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface RoundCheck {
        boolean test(int writer, int round) throws Exception;
    }

    private static boolean contains(AddressSet set, int address) {
        boolean[] found = {false};
        set.walkFrom(Integer.toUnsignedLong(address), a -> {
            found[0] = a == address;
            return false;
        });
        return found[0];
    }

    @Test
    void aSlash24sBitmapKeepsEveryWritersAddress() throws Exception {
        AddressSet set = new AddressSet();
        int base = Ipv4.parse("10.1.2.0");
        race((w, i) -> {
            int a = base + ((i & 1) << 8) + w; // two /24s, each often empty: bitmaps made and dropped all the time
            set.add(a);
            boolean there = contains(set, a);
            set.remove(a);
            return there;
        });
        assertTrue(set.isEmpty());
        set.add(base + 5);
        assertTrue(contains(set, base + 5));
    }

    @Test
    void aKeysAddressListKeepsEveryWritersAddress() throws Exception {
        AddressIndex<String> index = new AddressIndex<>();
        int base = Ipv4.parse("10.1.2.0");
        race((w, i) -> {
            int a = base + w * 1000 + (i & 255);
            index.add("shared", a);
            boolean[] there = {false};
            IntPredicate find = x -> {
                there[0] |= x == a;
                return true;
            };
            index.walk("shared", find);
            index.remove("shared", a);
            return there[0];
        });
        assertEquals(null, index.addresses("shared"));
    }

    @Test
    void anExpirySecondKeepsEveryWritersAddress() throws Exception {
        ExpiryIndex index = new ExpiryIndex();
        ConcurrentHashMap<Integer, Lease4> primary = new ConcurrentHashMap<>();
        for (int w = 0; w < WRITERS; w++) {
            for (int k = 0; k < 16; k++) {
                int a = 1000 + w * 16 + k;
                primary.put(a, Lease4.builder(a).cltt(0).validLifetime(100 + (a & 1)).subnetId(1).build());
            }
        }
        race((w, i) -> {
            int a = 1000 + w * 16 + (i & 15);
            long second = 100 + (a & 1); // two seconds, each often empty: buckets made and dropped all the time
            index.add(a, second);
            boolean there = index.expired(101, 1000, primary::get).stream().anyMatch(l -> l.address() == a);
            index.remove(a, second);
            return there;
        });
        assertEquals(0, index.expired(101, 1000, primary::get).size());
    }
}
