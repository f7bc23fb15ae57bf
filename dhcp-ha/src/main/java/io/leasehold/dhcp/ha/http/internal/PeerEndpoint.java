package io.leasehold.dhcp.ha.http.internal;

import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where and how to reach one peer.
 *
 * @param name              the peer's name, for messages
 * @param url               the peer's URL as configured, for messages
 * @param address           IP address and port to connect to
 * @param hostHeader        the {@code Host} header: the URL's host without the port, as Kea sends it
 * @param authorization     the {@code Authorization} header value, or null for none
 * @param tls               the TLS client context, or null for plain HTTP
 * @param verifyPeerAddress whether the peer's certificate must name {@code address} (an IP subjectAltName)
 */
public record PeerEndpoint(String name, String url, InetSocketAddress address, String hostHeader,
        String authorization, SslContext tls, boolean verifyPeerAddress) {
    public PeerEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostHeader, "hostHeader");
    }
}
