package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HookLibrary;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.ha.internal.HaWarmUp;
import io.leasehold.dhcp.ha.internal.Relationship;
import io.leasehold.dhcp.ha.http.NettyPeerClients;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.time.Scheduler;

import java.util.List;

/**
 * Adds an {@link HaExtension} to servers whose configuration loads {@code libdhcp_ha.so} (found by ServiceLoader),
 * talking to its peers with the Netty HTTP client ({@link NettyPeerClients}), which closes with the extension.
 */
public final class HaExtensionFactory implements ServerExtension.Factory {

    @Override
    public boolean appliesTo(KeaConfig config) {
        return config.hook(HookLibrary.Kind.HIGH_AVAILABILITY).isPresent() && !config.highAvailability().isEmpty();
    }

    /**
     * Each relationship's lease-update path, both ways, then its lease synchronisation, against a scratch listener
     * (see {@link HaWarmUp#train}).
     */
    @Override
    public void train(KeaConfig config, Scheduler scheduler, long budgetMillis) {
        List<HaRelationship> hs = config.highAvailability();
        for (int i = 0; i < hs.size(); i++) {
            // twice the warm-up's limit: the synchronisation passes come after the updates
            HaWarmUp.train(config, new Relationship(i, hs.get(i)), scheduler, Math.min(budgetMillis,
                    2 * HaWarmUp.MAX_MILLIS));
        }
    }

    @Override
    public ServerExtension create(KeaConfig config) {
        NettyPeerClients clients = NettyPeerClients.create();
        return HaExtension.builder(config).peerClients(clients::client).closeWith(clients).build();
    }
}
