package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.ControlResult;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The HA coordinator seen from Java, for embedders: the same operations as the {@code ha-*} commands, typed and
 * without blocking. Relationships are named by this server's name in them ({@code this-server-name}); methods
 * taking a name accept the name of any peer of the relationship.
 */
public interface HaService {

    /** This server's name in each relationship, in configuration order. */
    List<String> relationships();

    /** The state of the relationship that has a peer of this name. */
    HaStatus status(String relationship);

    /** The state of the first relationship. */
    default HaStatus status() {
        return status(relationships().get(0));
    }

    /** {@code ha-sync}: pulls the leases of {@code peerName}; {@code maxPeriodSeconds} 0 sends no max-period. */
    CompletionStage<ControlResult> sync(String peerName, long maxPeriodSeconds);

    /** {@code ha-maintenance-start} in every relationship. */
    CompletionStage<ControlResult> maintenanceStart();

    /** {@code ha-maintenance-cancel} in every relationship. */
    CompletionStage<ControlResult> maintenanceCancel();

    /** {@code ha-reset}: back to waiting, which resynchronises. */
    ControlResult reset(String relationship);

    /** {@code ha-continue}: resumes a paused state machine. */
    ControlResult continueStateMachine(String relationship);

    /** {@code ha-scopes}: serve these scopes until the next state change. */
    ControlResult setScopes(String relationship, List<String> scopes);
}
