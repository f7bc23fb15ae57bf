package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code client-classes} entry.
 *
 * @param name {@code name}
 * @param test {@code test}, Kea's classification expression as text; empty when the class has none (membership
 *     then comes from reservations, hooks or {@code require-client-classes})
 * @param onlyIfRequired {@code only-if-required} ({@code only-in-additional-list} in Kea 3.0): evaluated only when a
 *     pool, subnet or shared network requires it
 * @param optionData the class's {@code option-data}
 * @param nextServer {@code next-server}; 0 when not set
 * @param serverHostname {@code server-hostname}; empty when not set
 * @param bootFileName {@code boot-file-name}; empty when not set
 * @param lifetime {@code valid-lifetime} with {@code min-}/{@code max-}, when the class sets any of them
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record ClientClass(String name, String test, boolean onlyIfRequired, List<OptionData> optionData,
        int nextServer, String serverHostname, String bootFileName, Optional<Lifetime> lifetime,
        Map<String, Object> userContext) {

    public ClientClass {
        optionData = List.copyOf(optionData);
        userContext = ModelMaps.copy(userContext);
    }
}
