package io.leasehold.dhcp.config;

import io.leasehold.dhcp.config.internal.ClasslessRoutes;
import io.leasehold.dhcp.config.internal.HexText;
import io.leasehold.dhcp.config.internal.OptionValueWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the text of an {@code option-data} entry into the option's payload bytes (without code and length), the
 * way Kea does:
 * <ul>
 *   <li>{@code csv-format} true (the default): {@code data} is a comma-separated list of field values for the
 *       definition ({@code \,} is a literal comma); arrays take any number of values, records one value per field
 *       (an array record repeats its last field);</li>
 *   <li>{@code csv-format} false: {@code data} is hexadecimal ({@code 0x0102}, {@code 01:02}, {@code 01 02}) or a
 *       single-quoted string ({@code 'text'}), checked against the definition's sizes when there is one.</li>
 * </ul>
 * Sub-options of encapsulating options (43, 82, 125) are separate {@code option-data} entries in their own space;
 * the engine appends them. Every method throws {@link IllegalArgumentException} with a readable reason.
 */
public final class OptionDataEncoder {
    private OptionDataEncoder() {
    }

    /**
     * @param definition the option's definition; may be null only when {@code csvFormat} is false
     * @param data the {@code data} text
     * @param csvFormat the {@code csv-format} flag
     */
    public static byte[] encode(OptionDefinition definition, String data, boolean csvFormat) {
        if (!csvFormat) {
            byte[] bytes = decodeBinary(data);
            if (definition != null) {
                checkBinaryFits(definition, bytes);
            }
            return bytes;
        }
        if (definition == null) {
            throw new IllegalArgumentException("no definition for the option: give hex data with csv-format false or "
                    + "define it with option-def");
        }
        if (definition.type() == OptionDataType.INTERNAL) {
            if (definition.code() == 121 && OptionDefinitions.DHCP4.equals(definition.space())) {
                return ClasslessRoutes.encode(data);
            }
            throw new IllegalArgumentException("option '" + definition.name() + "' cannot be configured");
        }
        return encodeCsv(definition, splitCsv(data));
    }

    /** The payload of {@code csv-format: false} data: a quoted {@code 'string'} or formatted hex. */
    public static byte[] decodeBinary(String data) {
        String trimmed = data.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("'") && trimmed.endsWith("'")) {
            return trimmed.substring(1, trimmed.length() - 1).getBytes(StandardCharsets.UTF_8);
        }
        return HexText.parseFormatted(trimmed);
    }

    /**
     * Kea's split of comma-separated data: {@code \,} is a literal comma and {@code \\} a backslash; empty
     * tokens are dropped and each token is trimmed.
     */
    public static List<String> splitCsv(String data) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\\' && i + 1 < data.length() && (data.charAt(i + 1) == ',' || data.charAt(i + 1) == '\\')) {
                current.append(data.charAt(++i));
            } else if (c == ',') {
                addToken(tokens, current);
            } else {
                current.append(c);
            }
        }
        addToken(tokens, current);
        return tokens;
    }

    private static void addToken(List<String> tokens, StringBuilder current) {
        if (current.length() > 0) {
            tokens.add(current.toString().trim());
            current.setLength(0);
        }
    }

    private static byte[] encodeCsv(OptionDefinition def, List<String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String what = "option '" + def.name() + "' (" + def.typeText() + ")";
        if (def.type() == OptionDataType.RECORD) {
            List<OptionDataType> fields = def.recordTypes();
            if (values.size() < fields.size()) {
                throw new IllegalArgumentException(what + " needs " + fields.size() + " comma-separated values, got "
                        + values.size());
            }
            if (!def.array() && values.size() > fields.size()) {
                throw new IllegalArgumentException(what + " takes " + fields.size() + " values, got " + values.size()
                        + " (write a literal comma as \\\\,)");
            }
            for (int i = 0; i < values.size(); i++) {
                write(fields.get(Math.min(i, fields.size() - 1)), values.get(i), out, what);
            }
        } else if (def.array()) {
            for (String v : values) {
                write(def.type(), v, out, what);
            }
        } else if (def.type() == OptionDataType.EMPTY) {
            if (!values.isEmpty()) {
                throw new IllegalArgumentException(what + " takes no data, got '" + String.join(",", values) + "'");
            }
        } else {
            if (values.isEmpty()) {
                throw new IllegalArgumentException(what + " needs a value, data is empty");
            }
            if (values.size() > 1) {
                throw new IllegalArgumentException(what + " takes a single value, got " + values.size()
                        + " (write a literal comma as \\\\,)");
            }
            write(def.type(), values.get(0), out, what);
        }
        return out.toByteArray();
    }

    private static void write(OptionDataType type, String value, ByteArrayOutputStream out, String what) {
        try {
            OptionValueWriter.write(type, value, out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** Binary data must have a length the definition can hold. */
    private static void checkBinaryFits(OptionDefinition def, byte[] bytes) {
        String what = "option '" + def.name() + "' (" + def.typeText() + ")";
        int n = bytes.length;
        OptionDataType type = def.type();
        if (type == OptionDataType.EMPTY) {
            if (n != 0) {
                throw new IllegalArgumentException(what + " takes no data, got " + n + " bytes");
            }
            return;
        }
        if (type == OptionDataType.RECORD) {
            int min = 0;
            for (OptionDataType f : def.recordTypes()) {
                min += Math.max(f.fixedSize(), 0);
            }
            if (n < min) {
                throw new IllegalArgumentException(what + " needs at least " + min + " bytes, got " + n);
            }
            return;
        }
        int size = type.fixedSize();
        if (size > 0) {
            if (def.array() ? n % size != 0 : n != size) {
                throw new IllegalArgumentException(what + " needs " + (def.array() ? "a multiple of " : "exactly ")
                        + size + " bytes, got " + n);
            }
        } else if (n == 0 && !def.array()) {
            throw new IllegalArgumentException(what + " needs data, got 0 bytes");
        }
    }
}
