package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.ha.HaState;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Lets a thread outside the state machine wait, with a bound, until the machine is in none of a set of states (the
 * server's start waits so for a restarted standby's lease synchronisation, see
 * {@link HaCoordinator#awaitStartUpSync}). The machine calls {@link #changed} after every transition.
 */
final class StateSignal {
    private final Object lock = new Object();

    /** Wakes every waiter to look at the state again. */
    void changed() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * Waits until {@code state} is none of {@code states}, or until {@code deadlineNanos} ({@link System#nanoTime}).
     *
     * @return whether the state is outside {@code states}
     */
    boolean awaitOutside(Supplier<HaState> state, Set<HaState> states, long deadlineNanos)
            throws InterruptedException {
        synchronized (lock) {
            // the machine writes its (volatile) state before it signals under this lock, so a change after the
            // check below cannot be missed: its notifyAll waits for this thread to be in wait()
            while (states.contains(state.get())) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }
}
