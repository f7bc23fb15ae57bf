package io.leasehold.dhcp.time;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualTimeTest {
    @Test
    void tasksRunInDueOrderAtTheirDueTime() {
        VirtualTime t = new VirtualTime(1000);
        List<String> log = new ArrayList<>();
        t.schedule(() -> log.add("b@" + t.currentTimeMillis()), 200);
        t.schedule(() -> log.add("a@" + t.currentTimeMillis()), 100);
        t.schedule(() -> log.add("c@" + t.currentTimeMillis()), 200);
        t.advance(150);
        assertEquals(List.of("a@1100"), log);
        assertEquals(1150, t.currentTimeMillis());
        t.advance(1000);
        assertEquals(List.of("a@1100", "b@1200", "c@1200"), log);
        assertEquals(2150, t.currentTimeMillis());
    }

    @Test
    void periodicTaskReschedulingItselfRunsEachPeriod() {
        VirtualTime t = new VirtualTime(0);
        List<Long> ticks = new ArrayList<>();
        Runnable[] beat = new Runnable[1];
        beat[0] = () -> {
            ticks.add(t.currentTimeMillis());
            t.schedule(beat[0], 500);
        };
        t.schedule(beat[0], 500);
        t.advance(2000);
        assertEquals(List.of(500L, 1000L, 1500L, 2000L), ticks);
    }

    @Test
    void cancelledTasksDoNotRun() {
        VirtualTime t = new VirtualTime(0);
        boolean[] ran = {false};
        Scheduler.Cancellable c = t.schedule(() -> ran[0] = true, 10);
        assertTrue(c.cancel());
        assertFalse(c.cancel());
        t.advance(100);
        assertFalse(ran[0]);
        assertEquals(0, t.pending());
    }

    @Test
    void wallClockJumpLeavesMonotonicTimeAlone() {
        VirtualTime t = new VirtualTime(0);
        long n0 = t.nanoTime();
        t.jumpWallClock(120_000);
        assertEquals(120_000, t.currentTimeMillis());
        assertEquals(n0, t.nanoTime());
    }
}
