package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaRole;

import java.util.List;

/**
 * A snapshot of one HA relationship as this server sees it.
 *
 * @param serverName               this server's name in the relationship ({@code this-server-name})
 * @param mode                     the relationship's mode
 * @param role                     this server's role
 * @param state                    this server's state
 * @param scopes                   scopes this server answers, sorted
 * @param paused                   whether the state machine waits for {@code ha-continue}
 * @param partnerName              the failover partner, or null (passive-backup, backup servers)
 * @param partnerState             the partner's last reported state, or {@link HaState#UNAVAILABLE}
 * @param partnerScopes            the partner's last reported scopes
 * @param communicationInterrupted no successful heartbeat for more than {@code max-response-delay}
 * @param unackedClients           clients the partner failed to answer while communication is interrupted
 * @param unsentUpdateCount        DHCP transactions not replicated to the partner since start
 * @param clockSkewSeconds         partner's clock minus ours at the last heartbeat
 */
public record HaStatus(String serverName, HaMode mode, HaRole role, HaState state, List<String> scopes,
                       boolean paused, String partnerName, HaState partnerState, List<String> partnerScopes,
                       boolean communicationInterrupted, int unackedClients, long unsentUpdateCount,
                       long clockSkewSeconds) {
    public HaStatus {
        scopes = List.copyOf(scopes);
        partnerScopes = List.copyOf(partnerScopes);
    }
}
