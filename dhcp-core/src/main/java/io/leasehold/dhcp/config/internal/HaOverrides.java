package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Overrides;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies {@link Overrides#thisServerNames()} to the parsed HA relationships (see {@link Overrides}). */
final class HaOverrides {
    private HaOverrides() {
    }

    static List<HaParser.ParsedRelationship> apply(List<HaParser.ParsedRelationship> parsed, Node listNode,
            Overrides overrides) throws ConfigException {
        List<HaParser.ParsedRelationship> out = new ArrayList<>(parsed);
        Map<Integer, Overrides.ServerName> applied = new HashMap<>();
        for (Overrides.ServerName o : overrides.thisServerNames()) {
            int index = o.relationship().isPresent() ? o.relationship().getAsInt() : findByPeer(parsed, o.name());
            if (index < 0) {
                throw listNode.error("this-server-name override '" + o.name()
                        + "' is not a peer of any high-availability relationship");
            }
            if (index >= parsed.size()) {
                throw listNode.error("this-server-name override '" + o + "' names relationship " + index
                        + ", but there " + (parsed.size() == 1 ? "is 1 relationship" : "are " + parsed.size()
                        + " relationships"));
            }
            Overrides.ServerName previous = applied.putIfAbsent(index, o);
            if (previous != null) {
                throw listNode.error("this-server-name overrides '" + previous + "' and '" + o
                        + "' both apply to relationship " + index);
            }
            HaParser.ParsedRelationship r = parsed.get(index);
            if (r.relationship().peer(o.name()).isEmpty()) {
                throw r.thisServerNode().error("this-server-name override '" + o.name() + "' is not a peer of "
                        + "relationship " + index);
            }
            out.set(index, new HaParser.ParsedRelationship(
                    HaParser.withThisServerName(r.relationship(), o.name()), r.map(), r.thisServerNode(), r.peers()));
        }
        return out;
    }

    private static int findByPeer(List<HaParser.ParsedRelationship> parsed, String name) {
        for (int i = 0; i < parsed.size(); i++) {
            if (parsed.get(i).relationship().peer(name).isPresent()) {
                return i;
            }
        }
        return -1;
    }
}
