package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.config.HaTls;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kea's HA consistency rules: peer names unique (across relationships too), this server among the peers, roles
 * valid for the mode with exactly one primary, mode-specific parameters, TLS all-or-nothing, and only hot-standby
 * when there are several relationships.
 */
final class HaValidator {
    private HaValidator() {
    }

    static void validate(List<HaParser.ParsedRelationship> relationships, ParseContext ctx) throws ConfigException {
        Map<String, Node> peerNames = new HashMap<>();
        for (HaParser.ParsedRelationship parsed : relationships) {
            HaRelationship r = parsed.relationship();
            if (relationships.size() > 1 && r.mode() != HaMode.HOT_STANDBY) {
                throw parsed.map().get("mode").error("with several high-availability relationships each must be "
                        + "hot-standby, not " + r.mode().keaName());
            }
            for (HaPeerParser.ParsedPeer p : parsed.peers()) {
                Node previous = peerNames.putIfAbsent(p.peer().name(), p.nameNode());
                if (previous != null) {
                    throw p.nameNode().error("peer with name '" + p.peer().name() + "' already specified (at "
                            + previous.path() + ")");
                }
            }
            if (r.peer(r.thisServerName()).isEmpty()) {
                throw parsed.thisServerNode().error("this-server-name '" + r.thisServerName()
                        + "' is not one of the peers");
            }
            checkRoles(parsed);
            checkModeParameters(parsed);
            for (HaPeerParser.ParsedPeer p : parsed.peers()) {
                checkTls(r, p);
            }
        }
    }

    private static void checkRoles(HaParser.ParsedRelationship parsed) throws ConfigException {
        HaRelationship r = parsed.relationship();
        Map<HaRole, Integer> counts = new HashMap<>();
        for (HaPeerParser.ParsedPeer p : parsed.peers()) {
            HaRole role = p.peer().role();
            int n = counts.merge(role, 1, Integer::sum);
            Node roleNode = p.map().get("role");
            if (role == HaRole.PRIMARY && n > 1) {
                throw roleNode.error("multiple primary servers specified");
            }
            if (role == HaRole.SECONDARY && r.mode() != HaMode.LOAD_BALANCING) {
                throw roleNode.error("secondary servers are not allowed in " + r.mode().keaName() + " mode");
            }
            if (role == HaRole.STANDBY && r.mode() != HaMode.HOT_STANDBY) {
                throw roleNode.error("standby servers are not allowed in " + r.mode().keaName() + " mode");
            }
            if ((role == HaRole.SECONDARY || role == HaRole.STANDBY) && n > 1) {
                throw roleNode.error("multiple " + role.keaName() + " servers specified");
            }
        }
        Node peersNode = parsed.map().get("peers");
        if (counts.getOrDefault(HaRole.PRIMARY, 0) == 0) {
            throw peersNode.error("a primary server is required in " + r.mode().keaName() + " mode");
        }
        if (r.mode() == HaMode.LOAD_BALANCING && counts.getOrDefault(HaRole.SECONDARY, 0) == 0) {
            throw peersNode.error("a secondary server is required in load-balancing mode");
        }
        if (r.mode() == HaMode.HOT_STANDBY && counts.getOrDefault(HaRole.STANDBY, 0) == 0) {
            throw peersNode.error("a standby server is required in hot-standby mode");
        }
    }

    private static void checkModeParameters(HaParser.ParsedRelationship parsed) throws ConfigException {
        HaRelationship r = parsed.relationship();
        if (r.mode() != HaMode.LOAD_BALANCING && r.delayedUpdatesLimit() != 0) {
            throw parsed.map().get("delayed-updates-limit").error("delayed-updates-limit must be 0 in "
                    + r.mode().keaName() + " mode");
        }
        if (r.mode() != HaMode.PASSIVE_BACKUP && r.waitBackupAck()) {
            throw parsed.map().get("wait-backup-ack").error("wait-backup-ack must be false in " + r.mode().keaName()
                    + " mode");
        }
    }

    private static void checkTls(HaRelationship r, HaPeerParser.ParsedPeer parsed) throws ConfigException {
        HaPeer peer = parsed.peer();
        HaTls effective = peer.tls().orElse(r.tls());
        if (!effective.isEmpty() && !effective.configured()) {
            String missing = effective.trustAnchor().isEmpty() ? "trust-anchor"
                    : effective.certFile().isEmpty() ? "cert-file" : "key-file";
            throw parsed.map().node().error("bad TLS configuration for peer " + peer.name() + ": " + missing
                    + " is missing; set all of trust-anchor, cert-file and key-file or none");
        }
        if (peer.https() && !effective.configured()) {
            throw parsed.urlNode().error("https url for peer " + peer.name()
                    + " needs TLS (trust-anchor, cert-file and key-file)");
        }
    }
}
