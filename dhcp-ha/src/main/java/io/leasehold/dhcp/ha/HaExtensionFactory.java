package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HookLibrary;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.ha.http.NettyPeerClients;
import io.leasehold.dhcp.server.ServerExtension;

/**
 * Adds an {@link HaExtension} to servers whose configuration loads {@code libdhcp_ha.so} (found by ServiceLoader),
 * talking to its peers with the Netty HTTP client ({@link NettyPeerClients}), which closes with the extension.
 */
public final class HaExtensionFactory implements ServerExtension.Factory {

    @Override
    public boolean appliesTo(KeaConfig config) {
        return config.hook(HookLibrary.Kind.HIGH_AVAILABILITY).isPresent() && !config.highAvailability().isEmpty();
    }

    @Override
    public ServerExtension create(KeaConfig config) {
        NettyPeerClients clients = NettyPeerClients.create();
        return HaExtension.builder(config).peerClients(clients::client).closeWith(clients).build();
    }
}
