package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.config.HaStatePause;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.server.ServiceState;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One configured HA relationship seen from this server: who we are, who the failover partner and the backups are,
 * which scopes exist and which this server serves by default or in failover, and the relationship's origin ids.
 */
public final class Relationship {
    private final int index;
    private final HaRelationship config;
    private final HaPeer self;
    private final Optional<HaPeer> partner;
    private final List<HaPeer> backups;
    /** Primary first, then the secondary or standby: index = load-balancing server index. */
    private final List<HaPeer> active;

    public Relationship(int index, HaRelationship config) {
        this.index = index;
        this.config = config;
        this.self = config.thisServer();
        this.partner = config.partner();
        this.backups = config.backups();
        List<HaPeer> a = new ArrayList<>();
        config.peers().stream().filter(p -> p.role() == HaRole.PRIMARY).forEach(a::add);
        config.peers().stream().filter(p -> p.role() == HaRole.SECONDARY || p.role() == HaRole.STANDBY)
                .forEach(a::add);
        this.active = List.copyOf(a);
    }

    /** 0-based position in the {@code high-availability} list. */
    public int index() {
        return index;
    }

    public HaRelationship config() {
        return config;
    }

    /** This server's name in the relationship ({@code this-server-name}). */
    public String name() {
        return config.thisServerName();
    }

    public HaPeer self() {
        return self;
    }

    public HaMode mode() {
        return config.mode();
    }

    public HaRole role() {
        return self.role();
    }

    public Optional<HaPeer> partner() {
        return partner;
    }

    /** The failover partner's name, or {@code none} (for log messages). */
    public String partnerName() {
        return partner.map(HaPeer::name).orElse("none");
    }

    public List<HaPeer> backups() {
        return backups;
    }

    /** The primary and the secondary/standby, primary first. */
    public List<HaPeer> active() {
        return active;
    }

    /** The name of the primary: the scope of every query in hot-standby and passive-backup. */
    public String primaryName() {
        return active.isEmpty() ? self.name() : active.get(0).name();
    }

    /** Whether a peer of this name belongs to the relationship. */
    public boolean hasPeer(String name) {
        return config.peer(name).isPresent();
    }

    /** The origin id this relationship's state machine disables the local service with (Kea 2.5.8+: 1000 + i). */
    public int localOrigin() {
        return ServiceState.HA_LOCAL_BASE + index;
    }

    /** The origin id the partner disables us with, and that we send in dhcp-disable (Kea 2.5.8+: 2000 + i). */
    public int remoteOrigin() {
        return ServiceState.HA_REMOTE_BASE + index;
    }

    /** Scopes served in the mode's normal state. */
    public Set<String> defaultScopes() {
        if (role() == HaRole.BACKUP || role() == HaRole.STANDBY) {
            return Set.of();
        }
        return Set.of(self.name());
    }

    /** Scopes served when the partner is down or in maintenance: every active server's. */
    public Set<String> failoverScopes() {
        if (role() == HaRole.BACKUP) {
            return Set.of();
        }
        Set<String> s = new LinkedHashSet<>();
        for (HaPeer p : active) {
            if (p.role() != HaRole.STANDBY) {
                s.add(p.name());
            }
        }
        return Set.copyOf(s);
    }

    /** Names {@code ha-scopes} accepts: every non-backup peer. */
    public boolean isScopeName(String name) {
        return config.peer(name).filter(p -> p.role() != HaRole.BACKUP).isPresent();
    }

    /** The {@code state-machine} pause setting for a state. */
    public HaStatePause.Pause pauseFor(HaState state) {
        for (HaStatePause p : config.stateMachine()) {
            if (p.state().equals(state.wireName())) {
                return p.pause();
            }
        }
        return HaStatePause.Pause.NEVER;
    }

    @Override
    public String toString() {
        return name() + " (" + mode().keaName() + ", " + role().keaName() + ")";
    }
}
