package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;

/**
 * An option definition: a standard one from {@link OptionDefinitions} or one from Kea's {@code option-def}.
 *
 * @param name option name, e.g. {@code routers}
 * @param code option code 1..254
 * @param space option space, {@code dhcp4} for top-level DHCPv4 options
 * @param type data type
 * @param array whether the value is a list of {@code type} values (for records: the last field repeats)
 * @param recordTypes field types when {@code type} is {@link OptionDataType#RECORD}, else empty
 * @param encapsulate the option space of this option's sub-options, empty when none
 * @param userContext {@code user-context} of a configured definition (with {@code comment} under "comment")
 */
public record OptionDefinition(String name, int code, String space, OptionDataType type, boolean array,
        List<OptionDataType> recordTypes, String encapsulate, Map<String, Object> userContext) {

    public OptionDefinition {
        recordTypes = List.copyOf(recordTypes);
        userContext = ModelMaps.copy(userContext);
    }

    /** A definition without record fields, encapsulation or user context. */
    public static OptionDefinition of(String name, int code, String space, OptionDataType type, boolean array) {
        return new OptionDefinition(name, code, space, type, array, List.of(), "", Map.of());
    }

    /** Kea's text of the type, e.g. {@code ipv4-address[]} or {@code record(uint8, fqdn)}. */
    public String typeText() {
        StringBuilder b = new StringBuilder(type.keaName());
        if (type == OptionDataType.RECORD) {
            b.append('(');
            for (int i = 0; i < recordTypes.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(recordTypes.get(i).keaName());
            }
            b.append(')');
        }
        return array ? b.append("[]").toString() : b.toString();
    }
}
