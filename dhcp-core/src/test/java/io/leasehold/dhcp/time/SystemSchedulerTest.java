package io.leasehold.dhcp.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SystemSchedulerTest {

    @Test
    void tasksRunOnOneNamedDaemonThreadAtTheHighestPriority() throws Exception {
        // heartbeats and the lease sync run here: level with the DHCP threads (see SystemScheduler)
        Scheduler s = Scheduler.system("scheduler-test");
        try {
            AtomicReference<Thread> ran = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            s.schedule(() -> {
                ran.set(Thread.currentThread());
                done.countDown();
            }, 0);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals("scheduler-test", ran.get().getName());
            assertTrue(ran.get().isDaemon());
            assertEquals(Thread.MAX_PRIORITY, ran.get().getPriority());
        } finally {
            ((AutoCloseable) s).close();
        }
    }

    @Test
    void aCancelledTaskDoesNotRun() throws Exception {
        Scheduler s = Scheduler.system("scheduler-test");
        try {
            CountDownLatch later = new CountDownLatch(1);
            CountDownLatch marker = new CountDownLatch(1);
            Scheduler.Cancellable c = s.schedule(later::countDown, 200);
            c.cancel();
            s.schedule(marker::countDown, 400);
            assertTrue(marker.await(10, TimeUnit.SECONDS));
            assertFalse(later.await(0, TimeUnit.MILLISECONDS), "the cancelled task ran");
        } finally {
            ((AutoCloseable) s).close();
        }
    }
}
