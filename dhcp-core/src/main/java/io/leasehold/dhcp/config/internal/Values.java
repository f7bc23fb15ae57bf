package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.lease.Ipv4;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions from {@link Node}s to Java values, with errors that name the node. */
public final class Values {
    /** Largest unsigned 32-bit value; Kea's lifetimes, timers and ids are uint32. */
    public static final long UINT32_MAX = 0xffffffffL;

    private Values() {
    }

    public static Node.Obj map(Node node) throws ConfigException {
        if (node instanceof Node.Obj obj) {
            return obj;
        }
        throw typeError(node, "a map");
    }

    public static Node.Arr list(Node node) throws ConfigException {
        if (node instanceof Node.Arr arr) {
            return arr;
        }
        throw typeError(node, "a list");
    }

    public static String string(Node node) throws ConfigException {
        if (node instanceof Node.Str s) {
            return s.value();
        }
        throw typeError(node, "a string");
    }

    public static boolean bool(Node node) throws ConfigException {
        if (node instanceof Node.Bool b) {
            return b.value();
        }
        throw typeError(node, "a boolean");
    }

    /** An integer within {@code min..max}. */
    public static long integer(Node node, long min, long max) throws ConfigException {
        if (!(node instanceof Node.Num n) || !n.integral()) {
            throw typeError(node, "an integer");
        }
        BigDecimal v = n.value();
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw node.error("value " + v.toPlainString() + " is out of range " + min + ".." + max);
        }
        return v.longValueExact();
    }

    /** A number (integer or decimal) within {@code min..max}. */
    public static double decimal(Node node, double min, double max) throws ConfigException {
        if (!(node instanceof Node.Num n)) {
            throw typeError(node, "a number");
        }
        double v = n.value().doubleValue();
        if (v < min || v > max) {
            throw node.error("value " + n.value().toPlainString() + " is out of range " + min + ".." + max);
        }
        return v;
    }

    /** A dotted-quad IPv4 address string. */
    public static int ipv4(Node node) throws ConfigException {
        String text = string(node);
        try {
            return Ipv4.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw node.error("'" + text + "' is not a valid IPv4 address");
        }
    }

    public static List<String> stringList(Node node) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node element : list(node).elements()) {
            out.add(string(element));
        }
        return List.copyOf(out);
    }

    /** A JSON value as plain Java objects: Map, List, String, Long/BigInteger, BigDecimal, Boolean or null. */
    public static Object plain(Node node) {
        if (node instanceof Node.Obj obj) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Node.Member m : obj.members().values()) {
                out.put(m.key(), plain(m.value()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof Node.Arr arr) {
            List<Object> out = new ArrayList<>();
            for (Node element : arr.elements()) {
                out.add(plain(element));
            }
            return Collections.unmodifiableList(out);
        }
        if (node instanceof Node.Str s) {
            return s.value();
        }
        if (node instanceof Node.Num n) {
            if (!n.integral()) {
                return n.value();
            }
            java.math.BigInteger big = n.value().toBigIntegerExact();
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (node instanceof Node.Bool b) {
            return b.value();
        }
        return null;
    }

    public static ConfigException typeError(Node node, String expected) {
        return node.error("expected " + expected + ", got " + node.describe());
    }
}
