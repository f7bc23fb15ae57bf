package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HookLibrary;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.server.ServerExtension;

/**
 * Adds an {@link HaExtension} to servers whose configuration loads {@code libdhcp_ha.so} (found by ServiceLoader).
 *
 * <p>The peer transport is the one thing missing here until the Netty HTTP client is merged; {@link #create} then
 * becomes {@code NettyPeerClients n = NettyPeerClients.create(); return
 * HaExtension.builder(config).peerClients(n::client).closeWith(n).build();}. Until then a discovered HA extension
 * refuses to start and says how to give it a transport.
 */
public final class HaExtensionFactory implements ServerExtension.Factory {

    @Override
    public boolean appliesTo(KeaConfig config) {
        return config.hook(HookLibrary.Kind.HIGH_AVAILABILITY).isPresent() && !config.highAvailability().isEmpty();
    }

    @Override
    public ServerExtension create(KeaConfig config) {
        return HaExtension.builder(config).build();
    }
}
