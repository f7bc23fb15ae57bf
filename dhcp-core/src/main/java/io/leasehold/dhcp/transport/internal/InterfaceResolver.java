package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.InterfaceSpec;
import io.leasehold.dhcp.transport.TransportException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns {@code interfaces-config} entries into existing interfaces with their IPv4 addresses. */
public final class InterfaceResolver {
    /** An interface to pin a socket to, with its IPv4 addresses (the preferred one first). */
    public record Resolved(String name, List<Integer> addresses) {
    }

    private InterfaceResolver() {
    }

    public static List<Resolved> resolve(List<InterfaceSpec> specs) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        try {
            for (InterfaceSpec spec : specs) {
                if (spec.isWildcard()) {
                    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                        if (ni.isUp() && !ni.isLoopback() && !ipv4(ni).isEmpty()) {
                            out.putIfAbsent(ni.getName(), ipv4(ni));
                        }
                    }
                    continue;
                }
                NetworkInterface ni = NetworkInterface.getByName(spec.name());
                if (ni == null) {
                    throw new TransportException("interface '" + spec.name()
                            + "' named in interfaces-config does not exist on this system");
                }
                List<Integer> addrs = ipv4(ni);
                if (spec.address() != 0) {
                    if (!addrs.contains(spec.address())) {
                        throw new TransportException("interface '" + spec.name() + "' has no address "
                                + Ipv4.toString(spec.address()) + " (interfaces-config entry '" + spec + "')");
                    }
                    addrs.remove(Integer.valueOf(spec.address()));
                    addrs.add(0, spec.address());
                }
                out.put(ni.getName(), addrs);
            }
        } catch (SocketException e) {
            throw new TransportException("cannot list network interfaces: " + e.getMessage(), e);
        }
        List<Resolved> list = new ArrayList<>();
        out.forEach((k, v) -> list.add(new Resolved(k, List.copyOf(v))));
        return list;
    }

    private static List<Integer> ipv4(NetworkInterface ni) {
        List<Integer> out = new ArrayList<>();
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
            if (a instanceof Inet4Address) {
                byte[] b = a.getAddress();
                out.add((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff));
            }
        }
        return out;
    }
}
