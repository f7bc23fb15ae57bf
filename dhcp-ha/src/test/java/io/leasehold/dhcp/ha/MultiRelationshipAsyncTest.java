package io.leasehold.dhcp.ha;

/** {@link MultiRelationshipTest} with peer answers delivered by a thread pool, as from a network client. */
class MultiRelationshipAsyncTest extends MultiRelationshipTest {
    @Override
    HaNet newNet() {
        return HaNet.async();
    }
}
