package io.leasehold.dhcp.engine;

/**
 * What the transport knows about a query's arrival.
 *
 * @param interfaceName      receiving interface, or {@code null} when unknown (relay socket, NIO)
 * @param interfaceAddresses the receiving interface's IPv4 addresses (first preferred); empty when unknown
 * @param localAddress       the address the query was sent to when that was a unicast address of this server,
 *                           otherwise the receiving interface's address; 0 when unknown
 * @param sourceAddress      the query's source IPv4 address
 * @param sourcePort         the query's source UDP port
 * @param broadcast          whether the query was sent to the broadcast address
 * @param length             packet length in bytes
 */
public record QueryContext(String interfaceName, int[] interfaceAddresses, int localAddress, int sourceAddress,
                           int sourcePort, boolean broadcast, int length) {

    private static final int[] NO_ADDRESSES = new int[0];

    /** A relayed or unicast query received on a socket that cannot tell the interface (tests, NIO mode). */
    public static QueryContext unicast(int localAddress, int sourceAddress, int sourcePort, int length) {
        return new QueryContext(null, NO_ADDRESSES, localAddress, sourceAddress, sourcePort, false, length);
    }

    /** A broadcast received on a named interface. */
    public static QueryContext broadcastOn(String interfaceName, int interfaceAddress, int length) {
        return new QueryContext(interfaceName, new int[] {interfaceAddress}, interfaceAddress, 0, 68, true, length);
    }
}
