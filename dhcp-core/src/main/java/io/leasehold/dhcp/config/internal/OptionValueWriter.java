package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.OptionDataType;
import io.leasehold.dhcp.lease.Ipv4;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Writes one option field from its text form, per Kea's data types. Errors are IllegalArgumentExceptions. */
public final class OptionValueWriter {
    private OptionValueWriter() {
    }

    public static void write(OptionDataType type, String text, ByteArrayOutputStream out) {
        switch (type) {
            case BOOLEAN -> out.write(parseBoolean(text) ? 1 : 0);
            case UINT8 -> writeInt(parseInteger(text, 0, 0xff, type), 1, out);
            case UINT16 -> writeInt(parseInteger(text, 0, 0xffff, type), 2, out);
            case UINT32 -> writeInt(parseInteger(text, 0, 0xffffffffL, type), 4, out);
            case INT8 -> writeInt(parseInteger(text, Byte.MIN_VALUE, Byte.MAX_VALUE, type), 1, out);
            case INT16 -> writeInt(parseInteger(text, Short.MIN_VALUE, Short.MAX_VALUE, type), 2, out);
            case INT32 -> writeInt(parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE, type), 4, out);
            case IPV4_ADDRESS -> writeInt(parseIpv4(text), 4, out);
            case IPV6_ADDRESS -> out.writeBytes(Ipv6Text.parse(text));
            case IPV6_PREFIX -> writePrefix(text, out);
            case PSID -> writePsid(text, out);
            case STRING -> out.writeBytes(nonEmpty(text).getBytes(StandardCharsets.UTF_8));
            case FQDN -> DnsWire.write(text, out);
            case TUPLE -> writeTuple(text, out);
            case BINARY -> out.writeBytes(HexText.parseFormatted(text));
            case EMPTY -> {
                if (!text.isEmpty()) {
                    throw new IllegalArgumentException("type empty takes no value, got '" + text + "'");
                }
            }
            default -> throw new IllegalArgumentException("a " + type.keaName() + " field cannot be written as text");
        }
    }

    static boolean parseBoolean(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1":
                return true;
            case "false", "0":
                return false;
            default:
                throw new IllegalArgumentException("'" + text + "' is not a boolean (true, false, 1 or 0)");
        }
    }

    /** Decimal, or hexadecimal with a 0x prefix, as Kea accepts for integer option fields. */
    static long parseInteger(String text, long min, long max, OptionDataType type) {
        long value;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                value = Long.parseLong(text.substring(2), 16);
            } else {
                value = Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + type.keaName() + " value");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + text + "' is out of range " + min + ".." + max + " for "
                    + type.keaName());
        }
        return value;
    }

    private static int parseIpv4(String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IPv4 address");
        }
    }

    private static void writeInt(long value, int bytes, ByteArrayOutputStream out) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }

    private static String nonEmpty(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a string value must not be empty");
        }
        return text;
    }

    private static void writeTuple(String text, ByteArrayOutputStream out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("tuple value is longer than 255 bytes");
        }
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    /** {@code 2001:db8::/32}: prefix length, then only the significant bytes of the prefix. */
    private static void writePrefix(String text, ByteArrayOutputStream out) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 prefix (address/length)");
        }
        byte[] address = Ipv6Text.parse(text.substring(0, slash).trim());
        int length = (int) parseInteger(text.substring(slash + 1).trim(), 0, 128, OptionDataType.UINT8);
        out.write(length);
        int significant = (length + 7) / 8;
        for (int i = 0; i < significant; i++) {
            int b = address[i] & 0xff;
            int bitsInByte = Math.min(8, length - i * 8);
            out.write(b & (0xff << (8 - bitsInByte)) & 0xff);
        }
    }

    /** {@code value/length} (RFC 7597 PSID): length byte, then the PSID left-aligned in 16 bits. */
    private static void writePsid(String text, ByteArrayOutputStream out) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a PSID (psid/length)");
        }
        long psid = parseInteger(text.substring(0, slash).trim(), 0, 0xffff, OptionDataType.UINT16);
        int length = (int) parseInteger(text.substring(slash + 1).trim(), 0, 16, OptionDataType.UINT8);
        if (length < 16 && psid >= 1L << length) {
            throw new IllegalArgumentException("PSID " + psid + " does not fit in " + length + " bits");
        }
        out.write(length);
        writeInt(length == 0 ? 0 : psid << (16 - length), 2, out);
    }
}
