/**
 * Server internals; not public API, may change without notice. {@link io.leasehold.dhcp.server.internal.ServerRuntime}
 * assembles and runs what {@link io.leasehold.dhcp.server.DhcpServer} offers; the commands, status and metrics see it
 * through {@link io.leasehold.dhcp.server.internal.ServerControl}. Classes here use the server package's value types
 * but never {@code DhcpServer}, so dependencies point one way.
 */
package io.leasehold.dhcp.server.internal;
