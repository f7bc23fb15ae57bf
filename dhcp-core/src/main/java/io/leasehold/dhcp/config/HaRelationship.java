package io.leasehold.dhcp.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the HA hook's {@code high-availability} list. Defaults are Kea's (see the HA protocol notes §11);
 * the delays are in milliseconds. Several relationships (hub-and-spoke, Kea 2.6+) must all be hot-standby.
 *
 * @param thisServerName {@code this-server-name}, after any {@link Overrides} were applied; names one of the peers
 * @param mode {@code mode}
 * @param heartbeatDelay {@code heartbeat-delay} (default 10000; 0 = no heartbeats)
 * @param maxResponseDelay {@code max-response-delay} (default 60000)
 * @param maxAckDelay {@code max-ack-delay} (default 10000)
 * @param maxUnackedClients {@code max-unacked-clients} (default 10; 0 = no traffic analysis)
 * @param maxRejectedLeaseUpdates {@code max-rejected-lease-updates} (default 10; 0 = never terminate)
 * @param delayedUpdatesLimit {@code delayed-updates-limit} (default 100 in load-balancing, else 0)
 * @param sendLeaseUpdates {@code send-lease-updates} (default true)
 * @param syncLeases {@code sync-leases} (default true)
 * @param syncTimeout {@code sync-timeout} (default 60000)
 * @param syncPageLimit {@code sync-page-limit} (default 10000)
 * @param waitBackupAck {@code wait-backup-ack} (default false; only allowed true in passive-backup)
 * @param requireClientCerts {@code require-client-certs} (default true)
 * @param restrictCommands {@code restrict-commands} (default false; Kea 3.0 defaults to true)
 * @param tls relationship-level {@code trust-anchor}/{@code cert-file}/{@code key-file}
 * @param multiThreading {@code multi-threading}
 * @param peers {@code peers}
 * @param stateMachine {@code state-machine.states}
 */
public record HaRelationship(String thisServerName, HaMode mode, long heartbeatDelay, long maxResponseDelay,
        long maxAckDelay, long maxUnackedClients, long maxRejectedLeaseUpdates, long delayedUpdatesLimit,
        boolean sendLeaseUpdates, boolean syncLeases, long syncTimeout, long syncPageLimit, boolean waitBackupAck,
        boolean requireClientCerts, boolean restrictCommands, HaTls tls, HaMultiThreading multiThreading,
        List<HaPeer> peers, List<HaStatePause> stateMachine) {

    public HaRelationship {
        peers = List.copyOf(peers);
        stateMachine = List.copyOf(stateMachine);
    }

    public Optional<HaPeer> peer(String name) {
        for (HaPeer p : peers) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** This server's own peer entry. */
    public HaPeer thisServer() {
        return peer(thisServerName).orElseThrow(() -> new IllegalStateException(
                "this-server-name '" + thisServerName + "' is not a peer"));
    }

    /** The failover partner: the other non-backup peer, absent in passive-backup or when this server is a backup. */
    public Optional<HaPeer> partner() {
        if (thisServer().role() == HaRole.BACKUP) {
            return Optional.empty();
        }
        for (HaPeer p : peers) {
            if (!p.name().equals(thisServerName) && p.role() != HaRole.BACKUP) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Peers with the backup role. */
    public List<HaPeer> backups() {
        List<HaPeer> out = new ArrayList<>();
        for (HaPeer p : peers) {
            if (p.role() == HaRole.BACKUP) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** The TLS files to use with {@code peer} (its own, else the relationship's), absent when TLS is off. */
    public Optional<HaTls> tlsFor(HaPeer peer) {
        HaTls effective = peer.tls().orElse(tls);
        return effective.configured() ? Optional.of(effective) : Optional.empty();
    }

    /** Whether {@code peer}'s listener demands client certificates (its own setting, else the relationship's). */
    public boolean requireClientCertsFor(HaPeer peer) {
        return peer.requireClientCerts().orElse(requireClientCerts);
    }
}
