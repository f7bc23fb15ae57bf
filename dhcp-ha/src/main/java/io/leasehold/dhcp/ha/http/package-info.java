/**
 * The HTTP client HA peers use to send each other commands, wire-compatible with Kea's HA hook.
 *
 * <p>{@link io.leasehold.dhcp.ha.http.NettyPeerClients} makes {@link io.leasehold.dhcp.ha.PeerClient}s from the
 * HA configuration; {@link io.leasehold.dhcp.ha.http.PeerClientSettings} holds what Kea does not configure.
 *
 * <p>On the wire, as Kea 2.2 sends it: {@code POST / HTTP/1.1}, {@code Host: <url host without port>},
 * {@code Content-Length}, {@code Content-Type: application/json}, optionally {@code Authorization: Basic ...}, and a
 * body {@code {"arguments":{...},"command":"...","service":["dhcp4"]}} (Kea's key order, without its blanks).
 * Connections are kept alive and reused, one request at a time each. Answers are read like Kea reads them: a JSON
 * list whose first element is a map with an integer {@code result}; a bare map (what Kea's HTTP layer sends with
 * 400/401/403) or anything else is a failure, whatever the HTTP status.
 *
 * <p>Certificate checks: Kea (2.2 up to 3.x, OpenSSL backend) sets {@code verify_peer} with the trust anchor and
 * never checks the names in the peer's certificate, nor sends SNI; peer URLs hold IP addresses and many deployments'
 * certificates carry no matching IP subjectAltName. So by default the server certificate must chain to the
 * {@code trust-anchor} and nothing more; {@link io.leasehold.dhcp.ha.http.PeerClientSettings#verifyPeerAddress()}
 * additionally requires the URL's IP address in the certificate (RFC 2818 / JDK "HTTPS" identification).
 */
package io.leasehold.dhcp.ha.http;
