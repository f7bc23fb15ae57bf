package io.leasehold.dhcp.classify;

/**
 * What a classification expression can see of a query. The engine adapts its decoded message to this view;
 * tests use a simple fake. Addresses are ints (see {@link io.leasehold.dhcp.lease.Ipv4}).
 */
public interface PacketView {
    /** The value of option {@code code} (all instances concatenated, RFC 3396), or {@code null} when absent. */
    byte[] option(int code);

    /** Sub-option {@code code} of the relay agent information option (82), or {@code null} when absent. */
    byte[] relayAgentSubOption(int code);

    /** The client hardware address: the first {@code hlen} bytes of chaddr. */
    byte[] chaddr();

    int htype();

    int hlen();

    int ciaddr();

    int giaddr();

    int yiaddr();

    int siaddr();

    /** Option 53's value, or 0 when absent (BOOTP). */
    int messageType();

    int transactionId();

    /** Name of the receiving interface, or the empty string when unknown. */
    String interfaceName();

    int sourceAddress();

    int destinationAddress();

    /** Length of the received packet in bytes. */
    int length();
}
