package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRole;

import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code high-availability} entry of {@code status-get} for one relationship, keys in Kea's (alphabetical)
 * order: {@code ha-mode} and {@code ha-servers} with {@code local} and, except in passive-backup mode and on
 * backups, {@code remote}. {@code server-name} is included as Kea 2.5.5+ does.
 */
public final class HaStatusJson {
    private HaStatusJson() {
    }

    public static Map<String, Object> of(HaCoordinator c) {
        Relationship rel = c.relationship();
        HaCoordinator.Snapshot s = c.snapshot();
        Map<String, Object> local = new TreeMap<>();
        local.put("role", rel.role().keaName());
        local.put("scopes", new ArrayList<>(s.scopes()));
        local.put("server-name", rel.name());
        local.put("state", s.state().wireName());
        Map<String, Object> servers = new TreeMap<>();
        servers.put("local", local);
        if (rel.mode() != HaMode.PASSIVE_BACKUP && rel.role() != HaRole.BACKUP && rel.partner().isPresent()) {
            HaPeer p = rel.partner().get();
            Map<String, Object> remote = new TreeMap<>();
            remote.put("age", s.ageSeconds());
            remote.put("analyzed-packets", s.analyzedPackets());
            remote.put("communication-interrupted", s.communicationInterrupted());
            remote.put("connecting-clients", (long) s.connectingClients());
            remote.put("in-touch", s.inTouch());
            remote.put("last-scopes", new ArrayList<>(s.partnerScopes()));
            remote.put("last-state", s.partnerState().wireName());
            remote.put("role", p.role().keaName());
            remote.put("server-name", p.name());
            remote.put("unacked-clients", (long) s.unackedClients());
            remote.put("unacked-clients-left", s.unackedClientsLeft());
            servers.put("remote", remote);
        }
        Map<String, Object> entry = new TreeMap<>();
        entry.put("ha-mode", rel.mode().keaName());
        entry.put("ha-servers", servers);
        return entry;
    }
}
