package io.leasehold.dhcp.classify.internal;

import io.leasehold.dhcp.classify.internal.Lexer.Token;
import io.leasehold.dhcp.classify.internal.Nodes.Str;
import io.leasehold.dhcp.classify.ExpressionException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Kea's expression functions over byte strings. */
final class Functions {
    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Functions() {
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] hex(String digits) {
        String d = digits.length() % 2 == 1 ? "0" + digits : digits;
        byte[] out = new byte[d.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(d.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Kea's substring: negative start counts from the end, negative length takes characters before start. */
    static byte[] substring(byte[] s, int start, Integer lengthOrAll) {
        int n = s.length;
        if (n == 0 || start < -n || start >= n) {
            return EMPTY;
        }
        int from = start < 0 ? n + start : start;
        int length = lengthOrAll == null ? n : lengthOrAll;
        if (length < 0) {
            length = -length;
            if (length <= from) {
                from -= length;
            } else {
                length = from;
                from = 0;
            }
        }
        int to = (int) Math.min((long) from + length, n);
        return Arrays.copyOfRange(s, from, to);
    }

    /** Kea's split: 1-based field of {@code s} split at any delimiter byte; out of range gives "". */
    static byte[] split(byte[] s, byte[] delims, int field) {
        if (field < 1) {
            return EMPTY;
        }
        List<byte[]> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length; i++) {
            if (i == s.length || contains(delims, s[i])) {
                fields.add(Arrays.copyOfRange(s, start, i));
                start = i + 1;
            }
        }
        return field <= fields.size() ? fields.get(field - 1) : EMPTY;
    }

    private static boolean contains(byte[] set, byte b) {
        for (byte x : set) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    static byte[] hexstring(byte[] s, byte[] sep) {
        StringBuilder sb = new StringBuilder();
        String separator = new String(sep, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < s.length; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(HEX[(s[i] >> 4) & 0xf]).append(HEX[s[i] & 0xf]);
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] unary(String fn, byte[] v) {
        return switch (fn) {
            case "addrtotext" -> {
                if (v.length != 4) {
                    throw new Nodes.EvalError("addrtotext needs 4 bytes, got " + v.length);
                }
                yield ascii((v[0] & 0xff) + "." + (v[1] & 0xff) + "." + (v[2] & 0xff) + "." + (v[3] & 0xff));
            }
            case "int8totext" -> ascii(Integer.toString((byte) fixed(v, 1)));
            case "int16totext" -> ascii(Integer.toString((short) fixed(v, 2)));
            case "int32totext" -> ascii(Integer.toString((int) fixed(v, 4)));
            case "uint8totext" -> ascii(Long.toString(fixed(v, 1)));
            case "uint16totext" -> ascii(Long.toString(fixed(v, 2)));
            case "uint32totext" -> ascii(Long.toString(fixed(v, 4)));
            case "lcase" -> ascii(new String(v, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
            case "ucase" -> ascii(new String(v, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT));
            default -> throw new IllegalStateException(fn);
        };
    }

    private static long fixed(byte[] v, int size) {
        if (v.length == 0) {
            return 0; // Kea renders an empty value as 0
        }
        if (v.length != size) {
            throw new Nodes.EvalError("expected " + size + " bytes, got " + v.length);
        }
        long out = 0;
        for (byte b : v) {
            out = out << 8 | (b & 0xff);
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sub-option {@code code} inside an option value made of (code, length, data) triples. */
    static byte[] subOption(byte[] value, int code) {
        if (value == null) {
            return null;
        }
        ByteArrayOutputStream found = null;
        int i = 0;
        while (i + 1 < value.length) {
            int c = value[i] & 0xff;
            int len = value[i + 1] & 0xff;
            if (i + 2 + len > value.length) {
                break;
            }
            if (c == code) {
                if (found == null) {
                    found = new ByteArrayOutputStream();
                }
                found.write(value, i + 2, len);
            }
            i += 2 + len;
        }
        return found == null ? null : found.toByteArray();
    }

    static Str pkt4Field(Token f) {
        return switch (f.text()) {
            case "mac" -> c -> c.packet().chaddr();
            case "htype" -> c -> Nodes.int32(c.packet().htype());
            case "hlen" -> c -> Nodes.int32(c.packet().hlen());
            case "ciaddr" -> c -> Nodes.int32(c.packet().ciaddr());
            case "giaddr" -> c -> Nodes.int32(c.packet().giaddr());
            case "yiaddr" -> c -> Nodes.int32(c.packet().yiaddr());
            case "siaddr" -> c -> Nodes.int32(c.packet().siaddr());
            case "msgtype" -> c -> Nodes.int32(c.packet().messageType());
            case "transid" -> c -> Nodes.int32(c.packet().transactionId());
            default -> throw new ExpressionException("unknown pkt4 field '" + f.text() + "'", f.position());
        };
    }

    static Str pktField(Token f) {
        return switch (f.text()) {
            case "iface" -> c -> c.packet().interfaceName().getBytes(StandardCharsets.UTF_8);
            case "src" -> c -> Nodes.int32(c.packet().sourceAddress());
            case "dst" -> c -> Nodes.int32(c.packet().destinationAddress());
            case "len" -> c -> Nodes.int32(c.packet().length());
            default -> throw new ExpressionException("unknown pkt field '" + f.text() + "'", f.position());
        };
    }
}
