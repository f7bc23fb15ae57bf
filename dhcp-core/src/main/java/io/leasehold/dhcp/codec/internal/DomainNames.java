package io.leasehold.dhcp.codec.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Domain names in DNS wire format (RFC 1035 §3.1) as the client FQDN option carries them when its E flag is set
 * (RFC 4702 §2.1): length-prefixed labels, ended by the zero-length root label for a fully qualified name or by the end
 * of the option for a partial one. Compression pointers are not allowed there. Not public API.
 */
public final class DomainNames {
    /** Longest encoded name (RFC 1035 §2.3.4). */
    public static final int MAX_ENCODED_LENGTH = 255;
    /** Longest label. */
    public static final int MAX_LABEL_LENGTH = 63;

    private DomainNames() {
    }

    /**
     * Checks an encoded name.
     *
     * @return {@code null} when well formed, else what is wrong
     */
    public static String check(byte[] b, int off, int len) {
        if (len > MAX_ENCODED_LENGTH) {
            return "encoded domain name of " + len + " bytes is longer than " + MAX_ENCODED_LENGTH;
        }
        int i = off;
        int end = off + len;
        while (i < end) {
            int label = b[i] & 0xff;
            if (label == 0) {
                return i + 1 == end ? null : "data after the root label of the domain name";
            }
            if (label > MAX_LABEL_LENGTH) {
                return "domain name label length " + label + " (compression pointers are not allowed here)";
            }
            if (i + 1 + label > end) {
                return "domain name label of length " + label + " runs past the end of the option";
            }
            i += 1 + label;
        }
        return null;
    }

    /** Text form of a well-formed encoded name: labels joined by dots, a trailing dot when fully qualified. */
    public static String toText(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int label = b[i] & 0xff;
            if (label == 0) {
                sb.append('.');
                break;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(new String(b, i + 1, label, StandardCharsets.UTF_8));
            i += 1 + label;
        }
        return sb.toString();
    }

    /**
     * Encodes a text name: a trailing dot makes it fully qualified (root label written), otherwise it is partial.
     * The empty string encodes to nothing (the client asks the server to supply a name).
     *
     * @throws IllegalArgumentException naming the text when a label is empty or too long, or the name too long
     */
    public static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 2);
        if (name.equals(".")) {
            out.write(0);
            return out.toByteArray();
        }
        boolean full = name.endsWith(".");
        String body = full ? name.substring(0, name.length() - 1) : name;
        if (!body.isEmpty()) {
            for (String label : body.split("\\.", -1)) {
                byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
                if (bytes.length == 0 || bytes.length > MAX_LABEL_LENGTH) {
                    throw new IllegalArgumentException("domain name '" + name + "' has a label of " + bytes.length
                            + " bytes; labels must be 1.." + MAX_LABEL_LENGTH);
                }
                out.write(bytes.length);
                out.write(bytes, 0, bytes.length);
            }
        }
        if (full) {
            out.write(0);
        }
        if (out.size() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("domain name '" + name + "' encodes to " + out.size()
                    + " bytes; at most " + MAX_ENCODED_LENGTH);
        }
        return out.toByteArray();
    }
}
