package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.OptionDataEncoder;
import io.leasehold.dhcp.config.OptionDefinition;
import io.leasehold.dhcp.config.OptionDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code option-data} lists (any level): resolves name and code against the definitions (standard and
 * {@code option-def}), and encodes the data so that a value that does not fit its type fails at load time.
 */
final class OptionDataParser {
    private OptionDataParser() {
    }

    static List<OptionData> parse(MapReader owner, ParseContext ctx) throws ConfigException {
        List<OptionData> out = new ArrayList<>();
        for (Node entry : owner.list("option-data")) {
            out.add(parseOne(MapReader.of(entry, "option-data entry"), ctx));
        }
        return out;
    }

    private static OptionData parseOne(MapReader m, ParseContext ctx) throws ConfigException {
        m.unsupported("client-classes", "per-option client classes (Kea 3.0) are not implemented");
        Node nameNode = m.get("name");
        Node codeNode = m.get("code");
        Node spaceNode = m.get("space");
        String space = spaceNode == null ? OptionDefinitions.DHCP4
                : OptionDefParser.checkName(spaceNode, "option space name");
        if (nameNode == null && codeNode == null) {
            throw m.error("option-data entry needs 'name' or 'code'");
        }
        String name = nameNode == null ? "" : Values.string(nameNode).trim();
        int code = codeNode == null ? -1 : code(codeNode, space);
        OptionDefinitions defs = ctx.definitions;
        OptionDefinition def;
        if (codeNode != null) {
            def = defs.find(space, code).orElse(null);
            if (def != null && nameNode != null && !def.name().equals(name)) {
                throw nameNode.error("option name '" + name + "' does not match the definition of code " + code
                        + " in space '" + space + "', which is '" + def.name() + "'");
            }
            if (def == null && nameNode != null && defs.find(space, name).isPresent()) {
                throw codeNode.error("option '" + name + "' has code " + defs.find(space, name).get().code()
                        + " in space '" + space + "', not " + code);
            }
        } else {
            Optional<OptionDefinition> byName = defs.find(space, name);
            if (byName.isEmpty()) {
                throw nameNode.error("unknown option '" + name + "' in space '" + space
                        + "' (define it with option-def, or give its code)");
            }
            def = byName.get();
            code = def.code();
        }
        boolean csv = m.bool("csv-format", true);
        Node dataNode = m.get("data");
        String data = dataNode == null ? "" : Values.string(dataNode);
        byte[] payload;
        try {
            payload = OptionDataEncoder.encode(def, data, csv);
        } catch (IllegalArgumentException e) {
            Node at = dataNode != null ? dataNode : m.node();
            String label = def == null ? "option code " + code + " in space '" + space + "'"
                    : "option '" + space + "." + def.name() + "' (code " + code + ")";
            throw at.error("invalid data for " + label + ": " + e.getMessage());
        }
        OptionData option = OptionData.of(def != null ? def.name() : name, code, space, data, csv,
                m.bool("always-send", false), m.bool("never-send", false), m.userContext(), payload);
        m.finish();
        return option;
    }

    private static int code(Node codeNode, String space) throws ConfigException {
        long code = Values.integer(codeNode, 0, Values.UINT32_MAX);
        if (code > 255) {
            throw codeNode.error("invalid option code " + code + ", it must not be greater than 255");
        }
        if (code == 0 || code == 255) {
            throw codeNode.error("invalid option code " + code + ": reserved for " + (code == 0 ? "PAD" : "END"));
        }
        return (int) code;
    }
}
