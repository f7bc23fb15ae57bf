/**
 * High Availability for Leasehold, wire-compatible with Kea's HA hook. Loaded by the server through
 * {@link io.leasehold.dhcp.server.ServerExtension.Factory}; the API packages are exported, {@code ..internal} are not.
 */
module io.leasehold.dhcp.ha {
    requires transitive io.leasehold.dhcp.core;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;

    exports io.leasehold.dhcp.ha;
    exports io.leasehold.dhcp.ha.http;

    provides io.leasehold.dhcp.server.ServerExtension.Factory with io.leasehold.dhcp.ha.HaExtensionFactory;
}
