package io.leasehold.dhcp.transport;

import io.leasehold.dhcp.lease.Ipv4;

/**
 * One entry of Kea's {@code interfaces-config.interfaces}: {@code eth0}, {@code eth0/192.0.2.1} (listen on that
 * address of the interface) or {@code *} (every interface with an IPv4 address, loopback excluded as in Kea).
 *
 * @param name    interface name, or {@code *}
 * @param address the address after the slash as an int, or {@code 0} when none was given
 */
public record InterfaceSpec(String name, int address) {

    /** Parses Kea's text form. */
    public static InterfaceSpec parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new InterfaceSpec(text, 0);
        }
        return new InterfaceSpec(text.substring(0, slash), Ipv4.parse(text.substring(slash + 1)));
    }

    public boolean isWildcard() {
        return "*".equals(name);
    }

    @Override
    public String toString() {
        return address == 0 ? name : name + "/" + Ipv4.toString(address);
    }
}
