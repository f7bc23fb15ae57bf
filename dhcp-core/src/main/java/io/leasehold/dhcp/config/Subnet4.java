package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code subnet4} entry (top-level or inside a shared network).
 *
 * @param id {@code id} 1..4294967294; assigned when absent (next after the highest configured id, in file order)
 * @param prefix {@code subnet}
 * @param pools {@code pools}, in file order
 * @param reservations {@code reservations}
 * @param relayAddresses {@code relay.ip-addresses} (or the deprecated {@code relay.ip-address}); the shared
 *     network's when the subnet has none (effective)
 * @param interfaceName {@code interface}, or the shared network's (effective)
 * @param clientClasses {@code client-class}/{@code client-classes}, or the shared network's (effective); empty =
 *     every client may use the subnet
 * @param requireClientClasses the subnet's own {@code require-client-classes} (a shared network's are separate)
 * @param optionData the subnet's own {@code option-data}
 * @param settings the inheritable parameters, effective for this subnet
 * @param sharedNetwork the name of the enclosing shared network, if any
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record Subnet4(long id, Ipv4Prefix prefix, List<Pool4> pools, List<Reservation> reservations,
        List<Integer> relayAddresses, Optional<String> interfaceName, List<String> clientClasses,
        List<String> requireClientClasses, List<OptionData> optionData, NetworkSettings settings,
        Optional<String> sharedNetwork, Map<String, Object> userContext) {

    public Subnet4 {
        pools = List.copyOf(pools);
        reservations = List.copyOf(reservations);
        relayAddresses = List.copyOf(relayAddresses);
        clientClasses = List.copyOf(clientClasses);
        requireClientClasses = List.copyOf(requireClientClasses);
        optionData = List.copyOf(optionData);
        userContext = ModelMaps.copy(userContext);
    }

    /** True when the address is inside the subnet's prefix. */
    public boolean contains(int address) {
        return prefix.contains(address);
    }

    /** The pool holding {@code address}, if any. */
    public Optional<Pool4> poolOf(int address) {
        for (Pool4 p : pools) {
            if (p.contains(address)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The HA peer whose scope this subnet belongs to ({@code user-context.ha-server-name}), used to map a subnet to
     * an HA relationship when there are several; the shared network's is in {@link SharedNetwork#haServerName()}.
     */
    public Optional<String> haServerName() {
        return ModelMaps.haServerName(userContext);
    }

    /** Number of addresses in all pools. */
    public long poolCapacity() {
        long n = 0;
        for (Pool4 p : pools) {
            n += p.size();
        }
        return n;
    }
}
