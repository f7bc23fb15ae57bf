package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaStatePause;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.config.HookLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config-get's hooks-libraries. Kea prints a library's parameters as they were given; Leasehold renders
 * libdhcp_ha.so's from the model, so they come with the HA defaults filled in.
 */
final class HooksRenderer {
    private HooksRenderer() {
    }

    static List<Object> hooks(List<HookLibrary> hooks) {
        List<Object> out = new ArrayList<>();
        for (HookLibrary h : hooks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("library", h.library());
            if (h.kind() == HookLibrary.Kind.HIGH_AVAILABILITY) {
                List<Object> relationships = new ArrayList<>();
                for (HaRelationship r : h.highAvailability()) {
                    relationships.add(relationship(r));
                }
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("high-availability", relationships);
                m.put("parameters", parameters);
            }
            ConfigRenderer.userContext(m, h.userContext());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> relationship(HaRelationship r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("this-server-name", r.thisServerName());
        m.put("mode", r.mode().keaName());
        m.put("heartbeat-delay", r.heartbeatDelay());
        m.put("max-response-delay", r.maxResponseDelay());
        m.put("max-ack-delay", r.maxAckDelay());
        m.put("max-unacked-clients", r.maxUnackedClients());
        m.put("max-rejected-lease-updates", r.maxRejectedLeaseUpdates());
        m.put("delayed-updates-limit", r.delayedUpdatesLimit());
        m.put("send-lease-updates", r.sendLeaseUpdates());
        m.put("sync-leases", r.syncLeases());
        m.put("sync-timeout", r.syncTimeout());
        m.put("sync-page-limit", r.syncPageLimit());
        m.put("wait-backup-ack", r.waitBackupAck());
        m.put("require-client-certs", r.requireClientCerts());
        m.put("restrict-commands", r.restrictCommands());
        tls(m, r.tls());
        HaMultiThreading mt = r.multiThreading();
        Map<String, Object> threads = new LinkedHashMap<>();
        threads.put("enable-multi-threading", mt.enableMultiThreading());
        threads.put("http-dedicated-listener", mt.httpDedicatedListener());
        threads.put("http-listener-threads", mt.httpListenerThreads());
        threads.put("http-client-threads", mt.httpClientThreads());
        m.put("multi-threading", threads);
        List<Object> peers = new ArrayList<>();
        for (HaPeer p : r.peers()) {
            peers.add(peer(p));
        }
        m.put("peers", peers);
        if (!r.stateMachine().isEmpty()) {
            List<Object> states = new ArrayList<>();
            for (HaStatePause s : r.stateMachine()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("state", s.state());
                sm.put("pause", s.pause().keaName());
                states.add(sm);
            }
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("states", states);
            m.put("state-machine", machine);
        }
        return m;
    }

    private static Map<String, Object> peer(HaPeer p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("url", p.url().toString());
        m.put("role", p.role().keaName());
        m.put("auto-failover", p.autoFailover());
        p.basicAuthUser().ifPresent(v -> m.put("basic-auth-user", v));
        p.basicAuthPasswordFile().ifPresentOrElse(v -> m.put("basic-auth-password-file", v),
                () -> p.basicAuthPassword().ifPresent(v -> m.put("basic-auth-password", v)));
        tls(m, p.tls());
        p.requireClientCerts().ifPresent(v -> m.put("require-client-certs", v));
        return m;
    }

    private static void tls(Map<String, Object> m, HaTls tls) {
        if (!tls.trustAnchor().isEmpty()) {
            m.put("trust-anchor", tls.trustAnchor());
        }
        if (!tls.certFile().isEmpty()) {
            m.put("cert-file", tls.certFile());
        }
        if (!tls.keyFile().isEmpty()) {
            m.put("key-file", tls.keyFile());
        }
    }
}
