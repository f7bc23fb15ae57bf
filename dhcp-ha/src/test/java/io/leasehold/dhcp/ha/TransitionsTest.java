package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.ha.internal.Transitions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kea 2.2's transition table (protocol notes §4.3), row by row. */
class TransitionsTest {

    private static HaState s(String name) {
        return name.equals("unavailable") ? HaState.UNAVAILABLE : HaState.fromWireName(name);
    }

    private static HaMode mode(String name) {
        for (HaMode m : HaMode.values()) {
            if (m.keaName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static HaRole role(String name) {
        for (HaRole r : HaRole.values()) {
            if (r.keaName().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @ParameterizedTest(name = "{0} {1} in {2}, partner {3}, down?={4} -> {5}")
    @CsvSource({
            // mode, role, current, partner, partnerDownCheck, expected
            "hot-standby, primary, waiting, hot-standby, false, syncing",
            "hot-standby, primary, waiting, partner-down, false, syncing",
            "hot-standby, standby, waiting, waiting, false, waiting",
            "hot-standby, primary, waiting, waiting, false, syncing",
            "hot-standby, primary, waiting, syncing, false, waiting",
            "hot-standby, primary, waiting, terminated, false, waiting",
            "hot-standby, primary, waiting, unavailable, false, waiting",
            "hot-standby, primary, waiting, unavailable, true, partner-down",
            "hot-standby, standby, syncing, unavailable, true, partner-down",
            "hot-standby, standby, syncing, terminated, false, terminated",
            "hot-standby, standby, syncing, ready, false, syncing",
            "hot-standby, primary, ready, ready, false, hot-standby",
            "hot-standby, standby, ready, ready, false, ready",
            "hot-standby, standby, ready, hot-standby, false, hot-standby",
            "hot-standby, standby, ready, in-maintenance, false, partner-in-maintenance",
            "hot-standby, standby, ready, partner-in-maintenance, false, in-maintenance",
            "hot-standby, standby, ready, waiting, false, ready",
            "hot-standby, primary, hot-standby, unavailable, false, hot-standby",
            "hot-standby, primary, hot-standby, unavailable, true, partner-down",
            "hot-standby, primary, hot-standby, partner-down, false, waiting",
            "hot-standby, primary, hot-standby, terminated, false, terminated",
            "hot-standby, primary, hot-standby, load-balancing, false, waiting",
            "hot-standby, primary, waiting, load-balancing, false, waiting",
            "load-balancing, secondary, waiting, hot-standby, false, waiting",
            "load-balancing, primary, load-balancing, unavailable, false, communication-recovery",
            "load-balancing, primary, load-balancing, hot-standby, false, waiting",
            "load-balancing, secondary, communication-recovery, unavailable, true, partner-down",
            "load-balancing, secondary, communication-recovery, load-balancing, false, load-balancing",
            "hot-standby, standby, partner-down, ready, false, hot-standby",
            "hot-standby, standby, partner-down, partner-down, false, waiting",
            "hot-standby, standby, partner-down, waiting, false, partner-down",
            "hot-standby, standby, partner-down, unavailable, false, partner-down",
            "hot-standby, primary, partner-in-maintenance, unavailable, false, partner-down",
            "hot-standby, primary, partner-in-maintenance, hot-standby, false, partner-in-maintenance",
            "hot-standby, primary, in-maintenance, unavailable, true, in-maintenance",
            "hot-standby, backup, waiting, unavailable, false, backup",
            "passive-backup, primary, waiting, unavailable, false, passive-backup",
    })
    void keaTransitionTable(String mode, String role, String current, String partner, boolean down, String expected) {
        Transitions.Inputs in = new Transitions.Inputs(mode(mode), role(role),
                s(current), s(partner), down, false, true, mode.equals("load-balancing") ? 100 : 0, false, false,
                true);
        assertEquals(s(expected), Transitions.next(in));
    }

    @ParameterizedTest
    @CsvSource({"waiting, syncing", "syncing, syncing", "ready, ready", "hot-standby, hot-standby",
            "partner-down, partner-down"})
    void clockSkewOrRejectedUpdatesTerminateEveryActiveState(String current, String partner) {
        Transitions.Inputs in = new Transitions.Inputs(HaMode.HOT_STANDBY, HaRole.PRIMARY, s(current), s(partner),
                false, true, true, 0, false, false, true);
        assertEquals(HaState.TERMINATED, Transitions.next(in));
    }

    @ParameterizedTest
    @CsvSource({"true, waiting", "false, hot-standby"})
    void partnerDownResyncsWhenTheRestartedPartnerHasUnsentUpdates(boolean newUnsent, String expected) {
        Transitions.Inputs in = new Transitions.Inputs(HaMode.HOT_STANDBY, HaRole.STANDBY, HaState.PARTNER_DOWN,
                HaState.READY, false, false, true, 0, newUnsent, false, true);
        assertEquals(s(expected), Transitions.next(in));
    }

    @ParameterizedTest
    @CsvSource({"true, waiting", "false, load-balancing"})
    void communicationRecoveryReplaysOrResets(boolean overflowed, String expected) {
        Transitions.Inputs in = new Transitions.Inputs(HaMode.LOAD_BALANCING, HaRole.PRIMARY,
                HaState.COMMUNICATION_RECOVERY, HaState.LOAD_BALANCING, false, false, true, 100, false, overflowed,
                true);
        assertEquals(s(expected), Transitions.next(in));
    }
}
