package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.ExpiredLeasesProcessing;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kea's {@code expired-leases-processing}: a reclamation run {@code reclaim-timer-wait-time} seconds after the
 * previous one ended (up to {@code max-reclaim-leases}), and a flush of expired-reclaimed leases older than
 * {@code hold-reclaimed-time} every {@code flush-reclaimed-timer-wait-time} seconds (0: reclaimed leases are deleted
 * at once instead of being kept). Runs on the server's scheduler, so tests drive it in virtual time.
 */
final class Reclamation {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    private final DhcpEngine engine;
    private final Scheduler scheduler;
    private volatile ExpiredLeasesProcessing settings;
    private volatile boolean running;
    private Scheduler.Cancellable reclaimTimer;
    private Scheduler.Cancellable flushTimer;
    private int unwarnedCycles;

    Reclamation(DhcpEngine engine, Scheduler scheduler, ExpiredLeasesProcessing settings) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    synchronized void start() {
        running = true;
        schedule();
    }

    private void schedule() {
        ExpiredLeasesProcessing s = settings;
        if (s.reclaimTimerWaitTime() > 0) {
            reclaimTimer = scheduler.schedule(this::reclaim, s.reclaimTimerWaitTime() * 1000);
        }
        if (s.flushReclaimedTimerWaitTime() > 0) {
            flushTimer = scheduler.schedule(this::flush, s.flushReclaimedTimerWaitTime() * 1000);
        }
    }

    private void reclaim() {
        if (!running) {
            return;
        }
        ExpiredLeasesProcessing s = settings;
        try {
            int max = (int) Math.min(Integer.MAX_VALUE, s.maxReclaimLeases());
            int n = engine.reclaimExpired(s.flushReclaimedTimerWaitTime() == 0, max);
            if (max > 0 && n >= max) {
                if (++unwarnedCycles >= s.unwarnedReclaimCycles() && s.unwarnedReclaimCycles() > 0) {
                    LOG.warn("LH_RECLAIM_BEHIND {} consecutive reclamation runs left expired leases behind",
                            unwarnedCycles);
                    unwarnedCycles = 0;
                }
            } else {
                unwarnedCycles = 0;
            }
        } catch (RuntimeException e) {
            LOG.warn("LH_RECLAIM_FAILED reclamation of expired leases failed", e);
        }
        synchronized (this) {
            if (running && s.reclaimTimerWaitTime() > 0) {
                reclaimTimer = scheduler.schedule(this::reclaim, s.reclaimTimerWaitTime() * 1000);
            }
        }
    }

    private void flush() {
        if (!running) {
            return;
        }
        ExpiredLeasesProcessing s = settings;
        try {
            int n = engine.flushReclaimed(s.holdReclaimedTime());
            if (n > 0) {
                LOG.debug("LH_RECLAIM_FLUSHED removed {} expired-reclaimed lease(s)", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("LH_FLUSH_FAILED flush of reclaimed leases failed", e);
        }
        synchronized (this) {
            if (running && s.flushReclaimedTimerWaitTime() > 0) {
                flushTimer = scheduler.schedule(this::flush, s.flushReclaimedTimerWaitTime() * 1000);
            }
        }
    }

    synchronized void reconfigure(ExpiredLeasesProcessing next) {
        stop();
        settings = next;
        start();
    }

    synchronized void stop() {
        running = false;
        if (reclaimTimer != null) {
            reclaimTimer.cancel();
        }
        if (flushTimer != null) {
            flushTimer.cancel();
        }
    }
}
