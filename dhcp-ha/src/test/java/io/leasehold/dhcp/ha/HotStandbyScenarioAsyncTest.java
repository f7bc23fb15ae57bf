package io.leasehold.dhcp.ha;

/** {@link HotStandbyScenarioTest} with peer answers delivered by a thread pool, as from a network client. */
class HotStandbyScenarioAsyncTest extends HotStandbyScenarioTest {
    @Override
    HaNet newNet() {
        return HaNet.async();
    }
}
