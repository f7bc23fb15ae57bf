package io.leasehold.dhcp.ha.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task on whichever thread asks, never twice at once and never reentrantly: a request made while the task
 * runs (from that run or another thread) makes it run once more afterwards. Requests coalesce.
 */
final class SerialRunner {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private final Runnable task;
    /** 0 idle, 1 running, 2 running with another run requested. */
    private final AtomicInteger status = new AtomicInteger();

    SerialRunner(Runnable task) {
        this.task = task;
    }

    void run() {
        while (true) {
            int s = status.get();
            if (s == 0) {
                if (status.compareAndSet(0, 1)) {
                    break;
                }
            } else if (s == 2 || status.compareAndSet(1, 2)) {
                return;
            }
        }
        while (true) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("LH_HA_INTERNAL_ERROR state machine run failed", e);
            }
            if (status.compareAndSet(1, 0)) {
                return;
            }
            status.set(1);
        }
    }
}
