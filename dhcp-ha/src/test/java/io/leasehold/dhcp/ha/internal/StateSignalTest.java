package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.ha.HaState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateSignalTest {
    private final StateSignal signal = new StateSignal();
    private final AtomicReference<HaState> state = new AtomicReference<>(HaState.SYNCING);

    @Test
    void answersAtOnceOutsideTheStatesAndGivesUpAtThePassedDeadline() throws Exception {
        assertTrue(signal.awaitOutside(state::get, EnumSet.of(HaState.WAITING), System.nanoTime() - 1));
        assertFalse(signal.awaitOutside(state::get, EnumSet.of(HaState.SYNCING), System.nanoTime() - 1));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aWaiterWakesOnTheTransitionOutOfTheStates() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.awaitOutside(() -> {
                    checking.countDown();
                    return state.get();
                }, EnumSet.of(HaState.SYNCING), System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        checking.await();
        state.set(HaState.READY);
        signal.changed();
        assertTrue(waiter.get(20, TimeUnit.SECONDS), "woken by the change, long before its deadline");
    }
}
