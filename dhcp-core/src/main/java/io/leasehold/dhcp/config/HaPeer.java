package io.leasehold.dhcp.config;

import java.net.URI;
import java.util.Optional;

/**
 * One {@code peers} entry of an HA relationship.
 *
 * @param name {@code name}; also the name of the peer's scope ({@code HA_<name>} class)
 * @param url {@code url}: {@code http://} or {@code https://}, a literal IP address and a port
 * @param role {@code role}
 * @param autoFailover {@code auto-failover} (default true)
 * @param basicAuthUser {@code basic-auth-user}: credentials used when talking <em>to</em> this peer
 * @param basicAuthPassword {@code basic-auth-password}
 * @param basicAuthPasswordFile {@code basic-auth-password-file} (Kea 2.7.4+)
 * @param tls the peer's own {@code trust-anchor}/{@code cert-file}/{@code key-file} (see
 *     {@link HaRelationship#tlsFor(HaPeer)} for the effective files)
 * @param requireClientCerts the peer's own {@code require-client-certs}, if set there
 */
public record HaPeer(String name, URI url, HaRole role, boolean autoFailover, Optional<String> basicAuthUser,
        Optional<String> basicAuthPassword, Optional<String> basicAuthPasswordFile, HaTls tls,
        Optional<Boolean> requireClientCerts) {

    /** The URL's host (a literal address). */
    public String host() {
        String h = url.getHost();
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** The URL's port, defaulting to 80 for http and 443 for https. */
    public int port() {
        return url.getPort() >= 0 ? url.getPort() : https() ? 443 : 80;
    }

    public boolean https() {
        return "https".equalsIgnoreCase(url.getScheme());
    }
}
