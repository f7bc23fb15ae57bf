package io.leasehold.dhcp.ha;

/** {@link LoadBalancingScenarioTest} with peer answers delivered by a thread pool, as from a network client. */
class LoadBalancingScenarioAsyncTest extends LoadBalancingScenarioTest {
    @Override
    HaNet newNet() {
        return HaNet.async();
    }
}
