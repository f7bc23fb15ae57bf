package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.OptionDataType;
import io.leasehold.dhcp.config.OptionDefinition;
import io.leasehold.dhcp.config.OptionDefinitions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code option-def}: custom option definitions, validated the way Kea validates them. */
final class OptionDefParser {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]*[A-Za-z_-][A-Za-z0-9_-]*");

    private OptionDefParser() {
    }

    static List<OptionDefinition> parse(List<Node> entries) throws ConfigException {
        List<OptionDefinition> out = new ArrayList<>();
        Map<String, OptionDefinition> names = new HashMap<>();
        Map<String, OptionDefinition> codes = new HashMap<>();
        for (Node entry : entries) {
            MapReader m = MapReader.of(entry, "option-def entry");
            OptionDefinition def = parseOne(m);
            String space = def.space();
            if (OptionDefinitions.isStandardSpace(space) && !OptionDefinitions.isRedefinable(space, def.code())) {
                if (OptionDefinitions.isStandard(space, def.code())) {
                    throw m.get("code").error("option code " + def.code() + " has a standard definition in space '"
                            + space + "' that cannot be overridden");
                }
                if (OptionDefinitions.isStandardName(space, def.name())) {
                    throw m.get("name").error("option name '" + def.name() + "' has a standard definition in space '"
                            + space + "' that cannot be overridden");
                }
            }
            if (names.putIfAbsent(space + "/" + def.name(), def) != null) {
                throw m.get("name").error("option definition with name '" + def.name()
                        + "' already exists in option space '" + space + "'");
            }
            if (codes.putIfAbsent(space + "/" + def.code(), def) != null) {
                throw m.get("code").error("option definition with code " + def.code()
                        + " already exists in option space '" + space + "'");
            }
            out.add(def);
        }
        return out;
    }

    private static OptionDefinition parseOne(MapReader m) throws ConfigException {
        Node nameNode = m.require("name");
        String name = checkName(nameNode, "option name");
        Node spaceNode = m.get("space");
        String space = spaceNode == null ? OptionDefinitions.DHCP4 : checkName(spaceNode, "option space name");
        long code = Values.integer(m.require("code"), 0, Values.UINT32_MAX);
        if (code > 255) {
            throw m.get("code").error("invalid option code " + code + ", it must not be greater than 255");
        }
        if (code == 0 || code == 255) {
            throw m.get("code").error("invalid option code " + code + ": reserved for " + (code == 0 ? "PAD" : "END"));
        }
        Node typeNode = m.require("type");
        OptionDataType type = type(typeNode);
        boolean array = m.bool("array", false);
        Node recordNode = m.get("record-types");
        List<OptionDataType> fields = recordNode == null ? List.of() : recordTypes(recordNode);
        Node encapsulateNode = m.get("encapsulate");
        String encapsulate = encapsulateNode == null ? "" : Values.string(encapsulateNode).trim();
        if (!encapsulate.isEmpty()) {
            checkName(encapsulateNode, "option space name");
        }
        if (type == OptionDataType.RECORD && fields.size() < 2) {
            throw (recordNode == null ? typeNode : recordNode).error("a record needs at least 2 record-types, got "
                    + fields.size());
        }
        if (type != OptionDataType.RECORD && !fields.isEmpty()) {
            throw recordNode.error("record-types are only allowed with type 'record', not '" + type.keaName() + "'");
        }
        if (array && (type == OptionDataType.STRING || type == OptionDataType.BINARY
                || type == OptionDataType.EMPTY || type == OptionDataType.INTERNAL)) {
            throw m.get("array").error("an array of " + type.keaName() + " is not a valid option definition");
        }
        if (array && !encapsulate.isEmpty()) {
            throw encapsulateNode.error("option '" + space + "." + name
                    + "', an array of data fields, may not encapsulate an option space");
        }
        if (type == OptionDataType.INTERNAL) {
            throw typeNode.error("type 'internal' cannot be used in option-def");
        }
        OptionDefinition def = new OptionDefinition(name, (int) code, space, type, array, fields, encapsulate,
                m.userContext());
        m.finish();
        return def;
    }

    private static OptionDataType type(Node node) throws ConfigException {
        String text = Values.string(node).trim();
        return OptionDataType.fromKeaName(text).orElseThrow(() -> node.error("unknown option data type '" + text
                + "'"));
    }

    private static List<OptionDataType> recordTypes(Node node) throws ConfigException {
        String text = Values.string(node);
        List<OptionDataType> out = new ArrayList<>();
        String[] parts = text.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty() && parts.length == 1) {
                return List.of();
            }
            OptionDataType t = OptionDataType.fromKeaName(part).orElseThrow(() -> node.error(
                    "unknown data type '" + part + "' in record-types"));
            if (t == OptionDataType.RECORD || t == OptionDataType.EMPTY || t == OptionDataType.INTERNAL) {
                throw node.error("a record field cannot be of type '" + t.keaName() + "'");
            }
            if ((t == OptionDataType.STRING || t == OptionDataType.BINARY || t == OptionDataType.TUPLE)
                    && i != parts.length - 1) {
                throw node.error("a " + t.keaName() + " field can only be the last field of a record");
            }
            out.add(t);
        }
        return out;
    }

    static String checkName(Node node, String what) throws ConfigException {
        String text = Values.string(node).trim();
        if (!NAME.matcher(text).matches()) {
            throw node.error("invalid " + what + " '" + text + "' (letters, digits, '-' and '_' only)");
        }
        return text;
    }
}
