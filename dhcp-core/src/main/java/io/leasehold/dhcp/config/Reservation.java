package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A host reservation (in a subnet, or global).
 *
 * @param identifier exactly one of {@code hw-address}, {@code duid}, {@code circuit-id}, {@code client-id},
 *     {@code flex-id}
 * @param ipAddress {@code ip-address}, absent when the reservation only gives a hostname, options or classes
 * @param hostname {@code hostname}; empty when not set
 * @param nextServer {@code next-server}; 0 when not set
 * @param serverHostname {@code server-hostname}; empty when not set
 * @param bootFileName {@code boot-file-name}; empty when not set
 * @param clientClasses {@code client-classes} the client is put in
 * @param optionData {@code option-data} for this host
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record Reservation(HostIdentifier identifier, OptionalInt ipAddress, String hostname, int nextServer,
        String serverHostname, String bootFileName, List<String> clientClasses, List<OptionData> optionData,
        Map<String, Object> userContext) {

    public Reservation {
        clientClasses = List.copyOf(clientClasses);
        optionData = List.copyOf(optionData);
        userContext = ModelMaps.copy(userContext);
    }
}
