package io.leasehold.dhcp.config;

/**
 * Kea's {@code expired-leases-processing}: how and when expired leases are reclaimed.
 *
 * @param reclaimTimerWaitTime {@code reclaim-timer-wait-time}, seconds between reclamation runs (default 10)
 * @param flushReclaimedTimerWaitTime {@code flush-reclaimed-timer-wait-time}, seconds between deletions of old
 *     reclaimed leases (default 25; 0 = reclaimed leases are deleted at once instead of kept)
 * @param holdReclaimedTime {@code hold-reclaimed-time}, seconds a reclaimed lease is kept (default 3600)
 * @param maxReclaimLeases {@code max-reclaim-leases} per run (default 100; 0 = unlimited)
 * @param maxReclaimTime {@code max-reclaim-time}, ms per run (default 250; 0 = unlimited)
 * @param unwarnedReclaimCycles {@code unwarned-reclaim-cycles} before a warning (default 5)
 */
public record ExpiredLeasesProcessing(long reclaimTimerWaitTime, long flushReclaimedTimerWaitTime,
        long holdReclaimedTime, long maxReclaimLeases, long maxReclaimTime, long unwarnedReclaimCycles) {
    public static final ExpiredLeasesProcessing DEFAULTS = new ExpiredLeasesProcessing(10, 25, 3600, 100, 250, 5);
}
