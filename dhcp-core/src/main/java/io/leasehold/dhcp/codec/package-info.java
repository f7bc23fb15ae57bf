/**
 * The BOOTP/DHCPv4 packet codec: {@link io.leasehold.dhcp.codec.DhcpDecoder} turns a packet in a Netty
 * {@link io.netty.buffer.ByteBuf} into an immutable {@link io.leasehold.dhcp.codec.DhcpMessage} (failing only with
 * {@link io.leasehold.dhcp.codec.DhcpDecodeException}), and {@link io.leasehold.dhcp.codec.DhcpEncoder} writes one,
 * honouring a client's maximum message size. Option codes and message types are open types
 * ({@link io.leasehold.dhcp.codec.DhcpOptionCode}, {@link io.leasehold.dhcp.codec.DhcpMessageType}); options 81 and
 * 82 have value types ({@link io.leasehold.dhcp.codec.ClientFqdn}, {@link io.leasehold.dhcp.codec.RelayAgentInfo}).
 *
 * <p>Standards: RFC 951 and 1542 (BOOTP), 2131 and 2132 (DHCP and its options, overload), 3396 (long options),
 * 3046, 3527, 3993, 5107 and 8357 (relay agent information), 4702 (client FQDN), 3011 (subnet selection), 6842
 * (client identifier echo).
 */
package io.leasehold.dhcp.codec;
