package io.leasehold.dhcp.ddns.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A domain name read from text as Kea (BIND's {@code isc::dns::Name}) reads it: labels separated by dots, {@code \DDD}
 * and {@code \X} escapes, at most 63 octets a label and 255 in wire form; every name is absolute (the root label is
 * implied), so {@code host} and {@code host.} both have two labels. Immutable.
 */
public final class DnsName {
    private static final String SPECIAL = "\".;\\()@$";
    private final List<byte[]> labels;

    private DnsName(List<byte[]> labels) {
        this.labels = labels;
    }

    /**
     * Parses a name; {@code "."} is the root.
     *
     * @throws IllegalArgumentException saying why when the text is not a valid name (empty, an empty label, a label
     *     over 63 octets, a name over 255 octets, a bad escape)
     */
    public static DnsName parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        List<byte[]> labels = new ArrayList<>();
        if (text.equals(".")) {
            return new DnsName(labels);
        }
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        int wire = 1;
        int i = 0;
        boolean absolute = false;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '.') {
                if (label.size() == 0) {
                    throw new IllegalArgumentException("empty label in '" + text + "'");
                }
                wire += addLabel(labels, label);
                if (i == text.length()) {
                    absolute = true;
                }
                continue;
            }
            if (c == '\\') {
                if (i >= text.length()) {
                    throw new IllegalArgumentException("incomplete escape in '" + text + "'");
                }
                char d = text.charAt(i);
                if (Character.isDigit(d)) {
                    if (i + 3 > text.length()) {
                        throw new IllegalArgumentException("incomplete \\DDD escape in '" + text + "'");
                    }
                    int v = Integer.parseInt(text.substring(i, i + 3));
                    if (v > 255 || !text.substring(i, i + 3).chars().allMatch(Character::isDigit)) {
                        throw new IllegalArgumentException("bad \\DDD escape in '" + text + "'");
                    }
                    label.write(v);
                    i += 3;
                } else {
                    label.write(d & 0xff);
                    i++;
                }
            } else {
                label.write(c & 0xff);
            }
            if (label.size() > 63) {
                throw new IllegalArgumentException("label longer than 63 octets in '" + text + "'");
            }
        }
        if (!absolute) {
            wire += addLabel(labels, label);
        }
        if (wire > 255) {
            throw new IllegalArgumentException("name longer than 255 octets: '" + text + "'");
        }
        return new DnsName(List.copyOf(labels));
    }

    private static int addLabel(List<byte[]> labels, ByteArrayOutputStream label) {
        byte[] b = label.toByteArray();
        labels.add(b);
        label.reset();
        return 1 + b.length;
    }

    /** Kea's label count, which includes the root label: {@code host} has 2, {@code .} has 1. */
    public int labelCount() {
        return labels.size() + 1;
    }

    /** The name in wire form, ending with the root label; with {@code lowercase} ASCII letters are lowered. */
    public byte[] toWire(boolean lowercase) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : labels) {
            out.write(l.length);
            for (byte b : l) {
                out.write(lowercase && b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    /** As Kea's {@code Name::toText}: escaped, with the final dot (or without it, for a partial name). */
    public String toText(boolean omitFinalDot) {
        if (labels.isEmpty()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder();
        for (byte[] l : labels) {
            for (byte b : l) {
                int v = b & 0xff;
                if (SPECIAL.indexOf(v) >= 0) {
                    sb.append('\\').append((char) v);
                } else if (v > 0x20 && v < 0x7f) {
                    sb.append((char) v);
                } else {
                    sb.append('\\').append(String.format(Locale.ROOT, "%03d", v));
                }
            }
            sb.append('.');
        }
        if (omitFinalDot) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    /** The labels' raw octets joined by dots, without escapes (Kea's {@code toRawText}), no final dot. */
    public String toRawText() {
        StringBuilder sb = new StringBuilder();
        for (byte[] l : labels) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            for (byte b : l) {
                sb.append((char) (b & 0xff));
            }
        }
        return sb.toString();
    }

    /** The same name with ASCII letters lowered. */
    public DnsName lowercase() {
        List<byte[]> out = new ArrayList<>(labels.size());
        for (byte[] l : labels) {
            byte[] c = l.clone();
            for (int i = 0; i < c.length; i++) {
                if (c[i] >= 'A' && c[i] <= 'Z') {
                    c[i] += 32;
                }
            }
            out.add(c);
        }
        return new DnsName(List.copyOf(out));
    }

    /** Reads a name in wire form (labels, optionally ending with the root label; no compression). */
    public static DnsName fromWire(byte[] b, int off, int len) {
        List<byte[]> labels = new ArrayList<>();
        int i = off;
        int end = off + len;
        while (i < end) {
            int n = b[i++] & 0xff;
            if (n == 0) {
                break;
            }
            if (n > 63 || i + n > end) {
                throw new IllegalArgumentException("bad label length " + n);
            }
            byte[] l = new byte[n];
            System.arraycopy(b, i, l, 0, n);
            labels.add(l);
            i += n;
        }
        return new DnsName(List.copyOf(labels));
    }

    @Override
    public String toString() {
        return toText(false);
    }
}
