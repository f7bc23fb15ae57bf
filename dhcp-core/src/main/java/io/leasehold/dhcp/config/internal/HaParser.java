package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaStatePause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code parameters} of {@code libdhcp_ha.so}: the {@code high-availability} relationships with Kea's
 * defaults. {@link HaValidator} checks them after the {@code this-server-name} overrides are applied.
 */
final class HaParser {
    private static final Map<String, HaMode> MODES = Choices.of(HaMode.class, HaMode::keaName);
    private static final Map<String, HaStatePause.Pause> PAUSES = Choices.of(HaStatePause.Pause.class,
            HaStatePause.Pause::keaName);
    static final Set<String> STATES = Set.of("backup", "communication-recovery", "hot-standby", "load-balancing",
            "in-maintenance", "partner-down", "partner-in-maintenance", "passive-backup", "ready", "syncing",
            "terminated", "waiting");

    private HaParser() {
    }

    /** A parsed relationship with the nodes that validation errors point at. */
    record ParsedRelationship(HaRelationship relationship, MapReader map, Node thisServerNode,
            List<HaPeerParser.ParsedPeer> peers) {
    }

    static List<HaRelationship> parse(Node parameters, ParseContext ctx) throws ConfigException {
        MapReader p = MapReader.of(parameters, "libdhcp_ha.so parameters");
        Node listNode = p.require("high-availability");
        List<ParsedRelationship> parsed = new ArrayList<>();
        for (Node entry : Values.list(listNode).elements()) {
            parsed.add(parseRelationship(entry));
        }
        p.finish();
        if (parsed.isEmpty()) {
            throw listNode.error("high-availability needs at least one relationship");
        }
        List<ParsedRelationship> overridden = HaOverrides.apply(parsed, listNode, ctx.overrides);
        HaValidator.validate(overridden, ctx);
        List<HaRelationship> out = new ArrayList<>();
        for (ParsedRelationship r : overridden) {
            out.add(r.relationship());
        }
        return out;
    }

    private static ParsedRelationship parseRelationship(Node entry) throws ConfigException {
        MapReader m = MapReader.of(entry, "high-availability entry");
        Node thisNode = m.require("this-server-name");
        String thisServer = Values.string(thisNode).trim();
        if (thisServer.isEmpty()) {
            throw thisNode.error("this-server-name must not be empty");
        }
        HaMode mode = MapReader.choice(m.require("mode"), MODES);
        List<HaPeerParser.ParsedPeer> peers = new ArrayList<>();
        List<HaPeer> peerList = new ArrayList<>();
        for (Node peerNode : Values.list(m.require("peers")).elements()) {
            HaPeerParser.ParsedPeer peer = HaPeerParser.parse(peerNode);
            peers.add(peer);
            peerList.add(peer.peer());
        }
        HaRelationship r = new HaRelationship(thisServer, mode,
                m.uint32("heartbeat-delay", 10000),
                m.uint32("max-response-delay", 60000),
                m.uint32("max-ack-delay", 10000),
                m.uint32("max-unacked-clients", 10),
                m.uint32("max-rejected-lease-updates", 10),
                m.uint32("delayed-updates-limit", mode == HaMode.LOAD_BALANCING ? 100 : 0),
                m.bool("send-lease-updates", true),
                m.bool("sync-leases", true),
                m.uint32("sync-timeout", 60000),
                m.integer("sync-page-limit", 10000, 1, Values.UINT32_MAX),
                m.bool("wait-backup-ack", false),
                m.bool("require-client-certs", true),
                m.bool("restrict-commands", false),
                HaPeerParser.tls(m),
                multiThreading(m.get("multi-threading")),
                peerList,
                stateMachine(m.get("state-machine")));
        m.finish();
        return new ParsedRelationship(r, m, thisNode, peers);
    }

    // Kea 2.3.7+ defaults (2.2 defaulted enable-multi-threading and http-dedicated-listener to false).
    private static HaMultiThreading multiThreading(Node node) throws ConfigException {
        if (node == null) {
            return HaMultiThreading.DEFAULTS;
        }
        MapReader m = MapReader.of(node, "multi-threading");
        HaMultiThreading d = HaMultiThreading.DEFAULTS;
        HaMultiThreading mt = new HaMultiThreading(m.bool("enable-multi-threading", d.enableMultiThreading()),
                m.bool("http-dedicated-listener", d.httpDedicatedListener()),
                m.integer("http-listener-threads", d.httpListenerThreads(), 0, 65535),
                m.integer("http-client-threads", d.httpClientThreads(), 0, 65535));
        m.finish();
        return mt;
    }

    private static List<HaStatePause> stateMachine(Node node) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        MapReader m = MapReader.of(node, "state-machine");
        List<HaStatePause> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node entry : m.list("states")) {
            MapReader s = MapReader.of(entry, "state-machine states entry");
            Node stateNode = s.require("state");
            String state = Values.string(stateNode);
            if (!STATES.contains(state)) {
                throw stateNode.error("unknown HA state '" + state + "'");
            }
            if (!seen.add(state)) {
                throw stateNode.error("duplicate entry for state '" + state + "'");
            }
            out.add(new HaStatePause(state, s.choice("pause", HaStatePause.Pause.NEVER, PAUSES)));
            s.finish();
        }
        m.finish();
        return out;
    }

    /** A copy of {@code r} with another this-server-name. */
    static HaRelationship withThisServerName(HaRelationship r, String name) {
        return new HaRelationship(name, r.mode(), r.heartbeatDelay(), r.maxResponseDelay(), r.maxAckDelay(),
                r.maxUnackedClients(), r.maxRejectedLeaseUpdates(), r.delayedUpdatesLimit(), r.sendLeaseUpdates(),
                r.syncLeases(), r.syncTimeout(), r.syncPageLimit(), r.waitBackupAck(), r.requireClientCerts(),
                r.restrictCommands(), r.tls(), r.multiThreading(), r.peers(), r.stateMachine());
    }
}
