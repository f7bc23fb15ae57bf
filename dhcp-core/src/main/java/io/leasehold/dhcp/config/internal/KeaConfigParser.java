package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.Overrides;
import java.util.Set;

/**
 * Entry point of the loader: JSON text to {@link KeaConfig}. The top level holds {@code Dhcp4}; the other sections
 * Kea allows in a shared file are ignored with a debug note, anything else is an error.
 */
public final class KeaConfigParser {
    private static final Set<String> IGNORED_SECTIONS = Set.of("Dhcp6", "DhcpDdns", "Control-agent", "Logging",
            "Netconf");

    private KeaConfigParser() {
    }

    public static KeaConfig parse(String text, String source, Overrides overrides) throws ConfigException {
        Node.Obj root = JsonTreeReader.read(text, source);
        ParseContext ctx = new ParseContext(source, overrides);
        Node dhcp4 = null;
        for (Node.Member member : root.members().values()) {
            String key = member.key();
            if (key.equals("Dhcp4")) {
                dhcp4 = member.value();
            } else if (IGNORED_SECTIONS.contains(key)) {
                ParseContext.LOG.debug("{}: ignoring top-level section {} (not for kea-dhcp4)", source, key);
            } else {
                String hint = KeySuggestions.closest(key, Set.of("Dhcp4", "Dhcp6", "DhcpDdns", "Control-agent",
                        "Logging", "Netconf"));
                throw member.keyLocation().error("unknown top-level section '" + key + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
            }
        }
        if (dhcp4 == null) {
            throw root.error("missing the Dhcp4 section");
        }
        return Dhcp4Parser.parse(dhcp4, ctx);
    }
}
