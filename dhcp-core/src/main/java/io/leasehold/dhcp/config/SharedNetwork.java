package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code shared-networks} entry: subnets on the same link.
 *
 * @param name {@code name}, unique
 * @param subnets its {@code subnet4} entries
 * @param relayAddresses {@code relay} addresses of the network
 * @param interfaceName {@code interface}
 * @param clientClasses {@code client-class}/{@code client-classes}
 * @param requireClientClasses {@code require-client-classes}
 * @param optionData the network's {@code option-data}
 * @param settings inheritable parameters, effective at the network level
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record SharedNetwork(String name, List<Subnet4> subnets, List<Integer> relayAddresses,
        Optional<String> interfaceName, List<String> clientClasses, List<String> requireClientClasses,
        List<OptionData> optionData, NetworkSettings settings, Map<String, Object> userContext) {

    public SharedNetwork {
        subnets = List.copyOf(subnets);
        relayAddresses = List.copyOf(relayAddresses);
        clientClasses = List.copyOf(clientClasses);
        requireClientClasses = List.copyOf(requireClientClasses);
        optionData = List.copyOf(optionData);
        userContext = ModelMaps.copy(userContext);
    }

    /** {@code user-context.ha-server-name}, if set. */
    public Optional<String> haServerName() {
        return ModelMaps.haServerName(userContext);
    }
}
