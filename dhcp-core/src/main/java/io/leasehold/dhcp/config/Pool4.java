package io.leasehold.dhcp.config;

import io.leasehold.dhcp.lease.Ipv4;
import java.util.List;
import java.util.Map;

/**
 * A dynamic address pool of a subnet: an inclusive range (configured as {@code a - b}, {@code a-b} or a prefix).
 *
 * @param first first address (int, network order)
 * @param last last address, not before {@code first}
 * @param clientClasses {@code client-class} (Kea 2.2, one name) or {@code client-classes} (Kea 3.0 list): only
 *     members of one of these classes may get addresses from the pool; empty = everyone
 * @param requireClientClasses {@code require-client-classes} ({@code evaluate-additional-classes} in Kea 3.0)
 * @param optionData the pool's {@code option-data}
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record Pool4(int first, int last, List<String> clientClasses, List<String> requireClientClasses,
        List<OptionData> optionData, Map<String, Object> userContext) {

    public Pool4 {
        if (Integer.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("pool start " + Ipv4.toString(first) + " is after its end "
                    + Ipv4.toString(last));
        }
        clientClasses = List.copyOf(clientClasses);
        requireClientClasses = List.copyOf(requireClientClasses);
        optionData = List.copyOf(optionData);
        userContext = ModelMaps.copy(userContext);
    }

    /** A plain pool without classes, options or context. */
    public static Pool4 of(int first, int last) {
        return new Pool4(first, last, List.of(), List.of(), List.of(), Map.of());
    }

    public boolean contains(int address) {
        return Integer.compareUnsigned(address, first) >= 0 && Integer.compareUnsigned(address, last) <= 0;
    }

    /** True when the two ranges share an address. */
    public boolean overlaps(Pool4 other) {
        return Integer.compareUnsigned(first, other.last) <= 0 && Integer.compareUnsigned(other.first, last) <= 0;
    }

    /** Number of addresses. */
    public long size() {
        return Ipv4.toUnsigned(last) - Ipv4.toUnsigned(first) + 1;
    }

    /** Kea's text form, {@code 192.0.2.10-192.0.2.200}. */
    public String rangeText() {
        return Ipv4.toString(first) + "-" + Ipv4.toString(last);
    }
}
