/**
 * Dynamic DNS: the name change requests (NCRs) the server asks kea-dhcp-ddns to carry out, in Kea's JSON form, and
 * the sink they are handed to. The standalone server sends them over UDP to {@code dhcp-ddns.server-ip:server-port};
 * an embedder can supply its own {@link io.leasehold.dhcp.ddns.NameChangeSink} to {@code DhcpEngine.builder}.
 */
package io.leasehold.dhcp.ddns;
