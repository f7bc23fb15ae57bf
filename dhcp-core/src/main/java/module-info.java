/**
 * Leasehold's core: the DHCPv4 codec, Kea's configuration model, the engine, the allocator and lease store SPIs,
 * the transport and the control channels. Only the API packages are exported; {@code ..internal} packages are not
 * (one of them, the control channel's JSON helpers, is shared with the HA module by a qualified export).
 */
module io.leasehold.dhcp.core {
    requires transitive io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires transitive io.netty.handler; // TLS settings of the control channel take Netty's SslContext
    requires org.jctools.core;
    requires org.slf4j;
    requires java.management; // the warm-up measures its thread CPU time (ThreadMXBean)
    requires com.fasterxml.jackson.core;

    exports io.leasehold.dhcp.alloc;
    exports io.leasehold.dhcp.classify;
    exports io.leasehold.dhcp.codec;
    exports io.leasehold.dhcp.config;
    exports io.leasehold.dhcp.control;
    exports io.leasehold.dhcp.ddns;
    exports io.leasehold.dhcp.engine;
    exports io.leasehold.dhcp.lease;
    exports io.leasehold.dhcp.server;
    exports io.leasehold.dhcp.stats;
    exports io.leasehold.dhcp.time;
    exports io.leasehold.dhcp.transport;
    exports io.leasehold.dhcp.control.internal to io.leasehold.dhcp.ha;

    uses io.leasehold.dhcp.lease.LeaseStoreFactory;
    uses io.leasehold.dhcp.server.ServerExtension.Factory;
}
