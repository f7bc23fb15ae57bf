package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A freeze is a gap between ticks longer than max-response-delay - heartbeat-delay, seen on the query path first. */
class FreezeGuardTest {
    private final VirtualTime time = new VirtualTime();
    private final AtomicInteger thaws = new AtomicInteger();

    @Test
    void thresholdIsTheTakeoverWindowWithAFloor() {
        assertEquals(2_000, new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet).thresholdMillis());
        assertEquals(50_000, new FreezeGuard("r", time, 10_000, 60_000, thaws::incrementAndGet).thresholdMillis());
        assertEquals(FreezeGuard.MIN_THRESHOLD_MILLIS,
                new FreezeGuard("r", time, 5_000, 3_000, thaws::incrementAndGet).thresholdMillis());
    }

    @Test
    void runningNormallyIsNeverSuspectHoweverLong() {
        FreezeGuard g = new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet);
        g.start();
        for (int i = 0; i < 600; i++) {
            time.advance(100);
            assertFalse(g.suspect());
        }
        assertEquals(0, thaws.get());
        assertFalse(g.takeThaw());
    }

    @Test
    void aFreezeIsSuspectBeforeTheTickAndRaisedOnceByIt() {
        FreezeGuard g = new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet);
        g.start();
        time.advance(1_000);
        time.freeze(2_500);
        assertTrue(g.suspect(), "overdue ticks are seen on the query path");
        time.runDue();
        assertEquals(1, thaws.get());
        assertTrue(g.suspect(), "still suspect until the state machine took the thaw");
        assertTrue(g.takeThaw());
        assertFalse(g.takeThaw());
        assertFalse(g.suspect());
        time.advance(5_000);
        assertEquals(1, thaws.get());
    }

    @Test
    void aGuardThatNeverStartedOrStoppedIsNeverSuspect() {
        FreezeGuard never = new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet);
        time.advance(60_000);
        assertFalse(never.suspect(), "a relationship without a partner (passive-backup primary) never starts it");
        FreezeGuard stopped = new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet);
        stopped.start();
        stopped.stop();
        time.freeze(10_000);
        assertFalse(stopped.suspect());
    }

    @Test
    void stoppedGuardsDoNotTick() {
        FreezeGuard g = new FreezeGuard("r", time, 1_000, 3_000, thaws::incrementAndGet);
        g.start();
        g.stop();
        time.advance(1_000);
        assertEquals(0, time.pending());
    }
}
