package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HookLibrary;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.server.ServerExtension;

import java.util.function.Function;

/** Adds an {@link HaExtension} to servers whose configuration loads {@code libdhcp_ha.so} (found by ServiceLoader). */
public final class HaExtensionFactory implements ServerExtension.Factory {

    /**
     * The peer transport used by discovered extensions. Until the Netty HTTP client is part of this module, starting
     * HA without a {@link HaExtension.Builder#peerClients} fails here; replace this line to plug it in.
     */
    static final Function<HaPeer, PeerClient> DEFAULT_PEER_CLIENTS = peer -> {
        throw new IllegalStateException("no HTTP client for HA peer " + peer.name() + " (" + peer.url()
                + "): add HaExtension.builder(config).peerClients(...) to the server builder");
    };

    @Override
    public boolean appliesTo(KeaConfig config) {
        return config.hook(HookLibrary.Kind.HIGH_AVAILABILITY).isPresent() && !config.highAvailability().isEmpty();
    }

    @Override
    public ServerExtension create(KeaConfig config) {
        return HaExtension.builder(config).build();
    }
}
