package io.leasehold.dhcp.codec;

/**
 * The DHCP message type carried in option 53: an open type. {@link #valueOf(int)} returns a shared instance for every
 * value 0..255, known or not, so an unknown type read off the wire never throws and compares by identity.
 *
 * <p>Known types: 1–8 (RFC 2132 §9.6), 9 FORCERENEW (RFC 3203), 10–13 leasequery (RFC 4388), 14–15 bulk leasequery
 * (RFC 6926), 16–17 active leasequery (RFC 7724), 18 TLS (RFC 7724). Names are the ones Kea logs, e.g.
 * {@code DHCPDISCOVER}; unknown values are named {@code UNKNOWN_N}.
 */
public final class DhcpMessageType implements Comparable<DhcpMessageType> {
    private static final DhcpMessageType[] CACHE = new DhcpMessageType[256];

    static {
        String[] n = new String[256];
        n[1] = "DHCPDISCOVER";
        n[2] = "DHCPOFFER";
        n[3] = "DHCPREQUEST";
        n[4] = "DHCPDECLINE";
        n[5] = "DHCPACK";
        n[6] = "DHCPNAK";
        n[7] = "DHCPRELEASE";
        n[8] = "DHCPINFORM";
        n[9] = "DHCPFORCERENEW";
        n[10] = "DHCPLEASEQUERY";
        n[11] = "DHCPLEASEUNASSIGNED";
        n[12] = "DHCPLEASEUNKNOWN";
        n[13] = "DHCPLEASEACTIVE";
        n[14] = "DHCPBULKLEASEQUERY";
        n[15] = "DHCPLEASEQUERYDONE";
        n[16] = "DHCPACTIVELEASEQUERY";
        n[17] = "DHCPLEASEQUERYSTATUS";
        n[18] = "DHCPTLS";
        for (int v = 0; v < 256; v++) {
            CACHE[v] = new DhcpMessageType(v, n[v] != null ? n[v] : "UNKNOWN_" + v, n[v] != null);
        }
    }

    /** 1, a client looking for servers. */
    public static final DhcpMessageType DISCOVER = valueOf(1);
    /** 2, a server's offer of an address. */
    public static final DhcpMessageType OFFER = valueOf(2);
    /** 3, a client requesting (selecting, renewing, rebinding or rebooting) an address. */
    public static final DhcpMessageType REQUEST = valueOf(3);
    /** 4, a client reporting that the address is in use. */
    public static final DhcpMessageType DECLINE = valueOf(4);
    /** 5, a server confirming an address or answering an INFORM. */
    public static final DhcpMessageType ACK = valueOf(5);
    /** 6, a server refusing a REQUEST. */
    public static final DhcpMessageType NAK = valueOf(6);
    /** 7, a client giving its address back. */
    public static final DhcpMessageType RELEASE = valueOf(7);
    /** 8, a client with an address asking only for configuration. */
    public static final DhcpMessageType INFORM = valueOf(8);
    /** 9, RFC 3203. */
    public static final DhcpMessageType FORCERENEW = valueOf(9);
    /** 10, RFC 4388. */
    public static final DhcpMessageType LEASEQUERY = valueOf(10);
    /** 11, RFC 4388. */
    public static final DhcpMessageType LEASEUNASSIGNED = valueOf(11);
    /** 12, RFC 4388. */
    public static final DhcpMessageType LEASEUNKNOWN = valueOf(12);
    /** 13, RFC 4388. */
    public static final DhcpMessageType LEASEACTIVE = valueOf(13);
    /** 14, RFC 6926. */
    public static final DhcpMessageType BULKLEASEQUERY = valueOf(14);
    /** 15, RFC 6926. */
    public static final DhcpMessageType LEASEQUERYDONE = valueOf(15);
    /** 16, RFC 7724. */
    public static final DhcpMessageType ACTIVELEASEQUERY = valueOf(16);
    /** 17, RFC 7724. */
    public static final DhcpMessageType LEASEQUERYSTATUS = valueOf(17);
    /** 18, RFC 7724. */
    public static final DhcpMessageType TLS = valueOf(18);

    private final int value;
    private final String name;
    private final boolean known;

    private DhcpMessageType(int value, String name, boolean known) {
        this.value = value;
        this.name = name;
        this.known = known;
    }

    /**
     * The message type for a wire value; never {@code null}, never throws for 0..255.
     *
     * @throws IllegalArgumentException when {@code value} does not fit the one-byte option value
     */
    public static DhcpMessageType valueOf(int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("DHCP message type out of range 0..255: " + value);
        }
        return CACHE[value];
    }

    /** The value as on the wire, 0..255. */
    public int intValue() {
        return value;
    }

    /** The name, e.g. {@code DHCPDISCOVER}, or {@code UNKNOWN_N}. */
    public String name() {
        return name;
    }

    /** Whether an RFC defines this value. */
    public boolean isKnown() {
        return known;
    }

    @Override
    public int compareTo(DhcpMessageType o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessageType other && other.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /** {@code name(value)}, e.g. {@code DHCPDISCOVER(1)}. */
    @Override
    public String toString() {
        return name + '(' + value + ')';
    }
}
