package io.leasehold.dhcp.ha;

import org.junit.jupiter.api.AfterAll;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@link LoadBalancingScenarioTest} with peer answers delivered by a thread pool, as from a network client. */
class LoadBalancingScenarioAsyncTest extends LoadBalancingScenarioTest {
    private static final ExecutorService DELIVERY = Executors.newFixedThreadPool(3);

    @Override
    HaNet newNet() {
        return new HaNet(DELIVERY);
    }

    @AfterAll
    static void shutdown() {
        DELIVERY.shutdownNow();
    }
}
