package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Ipv4Prefix;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.List;

/** The {@code pools} of one subnet: ranges inside the subnet, not overlapping each other. */
final class PoolParser {
    private PoolParser() {
    }

    /** A parsed pool and the node of its {@code pool} value, for errors found later. */
    record ParsedPool(Pool4 pool, Node rangeNode) {
    }

    static List<ParsedPool> parse(MapReader subnet, Ipv4Prefix prefix, ParseContext ctx) throws ConfigException {
        List<ParsedPool> out = new ArrayList<>();
        for (Node entry : subnet.list("pools")) {
            MapReader m = MapReader.of(entry, "pools entry");
            m.unsupported("pool-id", "configured pool ids (Kea 2.6) are not implemented");
            Node rangeNode = m.require("pool");
            int[] range = range(rangeNode, ctx);
            if (!prefix.contains(range[0]) || !prefix.contains(range[1])) {
                throw rangeNode.error("pool " + Ipv4.toString(range[0]) + "-" + Ipv4.toString(range[1])
                        + " is not inside subnet " + prefix);
            }
            Pool4 pool = new Pool4(range[0], range[1], ScopeParser.clientClasses(m), ScopeParser.requiredClasses(m),
                    OptionDataParser.parse(m, ctx), m.userContext());
            for (ParsedPool earlier : out) {
                if (earlier.pool().overlaps(pool)) {
                    throw rangeNode.error("pool " + pool.rangeText() + " overlaps pool "
                            + earlier.pool().rangeText() + " (" + earlier.rangeNode().path() + ")");
                }
            }
            m.finish();
            out.add(new ParsedPool(pool, rangeNode));
        }
        return out;
    }

    /** {@code first - last}, {@code first-last} or {@code prefix/length}. */
    static int[] range(Node node, ParseContext ctx) throws ConfigException {
        String text = Values.string(node).trim();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            Ipv4Prefix prefix = prefix(node, text, ctx);
            return new int[] {prefix.network(), prefix.last()};
        }
        int dash = text.indexOf('-');
        if (dash < 0 || text.indexOf('-', dash + 1) >= 0) {
            throw node.error("invalid pool '" + text + "': expected <first> - <last> or <prefix>/<length>");
        }
        int first = address(node, text, text.substring(0, dash));
        int last = address(node, text, text.substring(dash + 1));
        if (Integer.compareUnsigned(first, last) > 0) {
            throw node.error("pool " + Ipv4.toString(first) + " - " + Ipv4.toString(last) + " has start after end");
        }
        return new int[] {first, last};
    }

    /** A prefix; host bits are cleared with a warning (Kea accepts them too). */
    static Ipv4Prefix prefix(Node node, String text, ParseContext ctx) throws ConfigException {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw node.error("invalid prefix '" + text + "': expected <address>/<length>");
        }
        int address = address(node, text, text.substring(0, slash));
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw node.error("invalid prefix length in '" + text + "'");
        }
        if (length < 0 || length > 32) {
            throw node.error("invalid prefix length " + length + " in '" + text + "', expected 0..32");
        }
        int network = address & Ipv4.mask(length);
        Ipv4Prefix prefix = new Ipv4Prefix(network, length);
        if (network != address) {
            ctx.warn(node.location(), "'" + text + "' has host bits set; using " + prefix);
        }
        return prefix;
    }

    private static int address(Node node, String whole, String part) throws ConfigException {
        try {
            return Ipv4.parse(part.trim());
        } catch (IllegalArgumentException e) {
            throw node.error("'" + part.trim() + "' in '" + whole + "' is not a valid IPv4 address");
        }
    }
}
