package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Pulls the lease database of a peer as Kea's HA does: before every page {@code dhcp-disable} (origin
 * {@code ha-partner}, {@code max-period}), then {@code lease4-get-page} with {@code sync-page-limit} and
 * {@code sync-timeout}; a fetched lease replaces the local one only when the local one is strictly older (cltt);
 * leases only we have are kept. At the end {@code ha-sync-complete-notify} re-enables the peer (falling back to
 * {@code dhcp-enable} when the peer answers 2); on failure {@code dhcp-enable} is sent if the peer was disabled.
 * Leases are applied through {@link LeaseCommands} so allocators and statistics follow. Pages are applied on the
 * given executor, never on the peer client's I/O thread.
 *
 * <p>Live synchronisation (Leasehold's, not Kea's): when the peer is in a state in which it sends us every lease
 * it hands out ({@code hot-standby} or {@code load-balancing}: Kea's rule for sending lease updates depends on the
 * sender's own state only), it is not disabled: it keeps answering its clients, each of its new leases reaches us
 * as a {@code lease4-update} it waits for before its ACK, and the pages bring everything older. A page never
 * overwrites a newer local lease (the cltt rule above), so an update that overtakes its page wins. After the last
 * page a {@code ha-heartbeat} checks that the peer is still in such a state (then {@code ha-sync-complete-notify}
 * follows as usual, harmless for a peer that was not disabled); a peer can only leave it for states
 * (partner-down, waiting, ...) from which it cannot return to it while we are still synchronising, so "still in it"
 * means "never left it", and nothing it handed out can have missed us. If it did leave, the synchronisation runs
 * again the way Kea runs it, with the peer disabled. What a live synchronisation can leave behind: a lease the peer
 * deleted (a RELEASE) while the page holding it was on its way here comes back with the page and stays until it
 * expires, so this server holds an address the peer freed; it never hands out an address the peer holds.
 */
final class LeaseSynchronizer {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    /** The first page's size, when {@code sync-page-limit} is larger: see {@code Job#nextLimit}. */
    static final long FIRST_PAGE_LIMIT = 1000;

    private final Relationship rel;
    private final LeaseCommands leases;
    private final LeaseStore store;
    private final DhcpEngine engine;
    private final Clock clock;
    private final Executor executor;
    private final Predicate<Lease4> owned;

    /** What a finished synchronisation did. */
    record Result(long fetched, long applied, long skipped) {
    }

    /** Why a synchronisation failed. */
    static final class SyncException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncException(String message) {
            super(message, null, false, false);
        }
    }

    LeaseSynchronizer(Relationship rel, LeaseCommands leases, LeaseStore store, DhcpEngine engine, Clock clock,
                      Executor executor, Predicate<Lease4> owned) {
        this.rel = rel;
        this.leases = leases;
        this.store = store;
        this.engine = engine;
        this.clock = clock;
        this.executor = executor;
        this.owned = owned;
    }

    /**
     * Synchronises from {@code source}.
     *
     * @param maxPeriodSeconds the {@code max-period} of each {@code dhcp-disable}; 0 sends none
     * @return completes with the counts, or exceptionally with a {@link SyncException}
     */
    CompletableFuture<Result> sync(PeerClient source, String sourceName, long maxPeriodSeconds) {
        return sync(source, sourceName, maxPeriodSeconds, false);
    }

    /**
     * Synchronises from {@code source}, live (the peer not disabled, see the class comment) when {@code live}.
     *
     * @param maxPeriodSeconds the {@code max-period} of each {@code dhcp-disable}; 0 sends none
     * @return completes with the counts, or exceptionally with a {@link SyncException}
     */
    CompletableFuture<Result> sync(PeerClient source, String sourceName, long maxPeriodSeconds, boolean live) {
        return sync(source, sourceName, maxPeriodSeconds, live, () -> true);
    }

    /**
     * As {@link #sync(PeerClient, String, long, boolean)}; {@code wanted} says whether the synchronisation is still
     * wanted (the automatic one: still in {@code syncing}; a maintenance or reset command may have moved the state
     * on): a live synchronisation that finds it no longer wanted fails instead of running again with the peer
     * disabled.
     */
    CompletableFuture<Result> sync(PeerClient source, String sourceName, long maxPeriodSeconds, boolean live,
                                   BooleanSupplier wanted) {
        Job job = new Job(source, sourceName, maxPeriodSeconds, live, wanted);
        executor.execute(() -> job.guarded((Object r, Throwable e) -> job.page(null)).accept(null, null));
        return job.done;
    }

    /** The peer states in which a peer sends us every lease it hands out (Kea's rule, on the sender's state). */
    static boolean sendsUpdates(HaState peerState) {
        return peerState == HaState.HOT_STANDBY || peerState == HaState.LOAD_BALANCING;
    }

    private final class Job {
        final PeerClient source;
        final String sourceName;
        final long maxPeriod;
        final boolean live;
        final BooleanSupplier wanted;
        final CompletableFuture<Result> done = new CompletableFuture<>();
        final long limit = Math.max(1, rel.config().syncPageLimit());
        /** The size of the next page asked for: see {@link #nextLimit}. */
        long pageLimit = Math.min(limit, FIRST_PAGE_LIMIT);
        final long timeout = Math.max(1, rel.config().syncTimeout());
        boolean disabled;
        long fetched;
        long applied;
        long skipped;
        /** The configured subnets, as of the page being applied. */
        final SyncPageStore pages;
        int lastFrom;

        Job(PeerClient source, String sourceName, long maxPeriod, boolean live, BooleanSupplier wanted) {
            this.source = source;
            this.sourceName = sourceName;
            this.maxPeriod = maxPeriod;
            this.live = live;
            this.wanted = wanted;
            this.pages = new SyncPageStore(rel.name(), sourceName, leases, engine, clock, owned);
        }

        /** A step that fails the job instead of losing an unexpected exception in a future. */
        <T> BiConsumer<T, Throwable> guarded(BiConsumer<T, Throwable> step) {
            return (r, e) -> {
                try {
                    step.accept(r, e);
                } catch (RuntimeException ex) {
                    LOG.error("LH_HA_SYNC_INTERNAL_ERROR {}: synchronization from {} failed", rel.name(), sourceName,
                            ex);
                    fail("internal error: " + ex);
                }
            };
        }

        /**
         * The page size for the next request: {@link #FIRST_PAGE_LIMIT} first, doubling up to
         * {@code sync-page-limit}. Applying a page is the slow step, and it cannot start before the first page is
         * in; a full first page of a large {@code sync-page-limit} kept the applying side idle while the peer built
         * and sent it (about 0.2 s for 10,000 leases here), a small one starts it almost at once, and each next page
         * is built while the one before is applied. The peer sees only {@code lease4-get-page} requests with limits
         * of at most {@code sync-page-limit}.
         */
        long nextLimit() {
            long l = pageLimit;
            pageLimit = Math.min(limit, pageLimit * 2);
            return l;
        }

        void page(String from) {
            long requested = nextLimit();
            if (live) {
                source.send(PeerCommands.GET_PAGE, PeerCommands.getPage(from, requested), timeout)
                        .whenCompleteAsync(guarded((r, e) -> onPage(r, e, requested)), executor);
                return;
            }
            source.send(PeerCommands.DHCP_DISABLE, PeerCommands.dhcpDisable(maxPeriod, rel.remoteOrigin()),
                    PeerCommands.TIMEOUT_MILLIS).whenCompleteAsync(guarded((r, e) -> {
                        if (e != null || !PeerCommands.isSuccess(r)) {
                            fail("dhcp-disable sent to " + sourceName + " failed: " + describe(r, e));
                            return;
                        }
                        disabled = true;
                        source.send(PeerCommands.GET_PAGE, PeerCommands.getPage(from, requested), timeout)
                                .whenCompleteAsync(guarded((pr, pe) -> onPage(pr, pe, requested)), executor);
                    }), executor);
        }

        void onPage(ControlResult r, Throwable e, long requested) {
            if (done.isDone()) {
                return; // failed meanwhile (a pipelined page after a failure)
            }
            if (e != null || !PeerCommands.isSuccess(r)) {
                fail("lease4-get-page sent to " + sourceName + " failed: " + describe(r, e));
                return;
            }
            List<?> page = r.result() == ControlResult.EMPTY ? List.of() : leasesOf(r);
            if (page == null) {
                fail("lease4-get-page answer from " + sourceName + " has no 'leases' list");
                return;
            }
            String last = null;
            for (int i = page.size() - 1; i >= 0 && last == null; i--) {
                if (page.get(i) instanceof Map<?, ?> m && m.get("ip-address") instanceof String ip) {
                    last = ip;
                }
            }
            boolean more = page.size() >= requested;
            if (more) {
                int next;
                try {
                    next = last == null ? 0 : Ipv4.parse(last);
                } catch (IllegalArgumentException ex) {
                    next = 0;
                }
                if (Integer.compareUnsigned(next, lastFrom) <= 0) {
                    fail("lease4-get-page answer from " + sourceName + " does not advance past "
                            + Ipv4.toString(lastFrom));
                    return;
                }
                lastFrom = next;
                if (live) {
                    // Pipelined: the peer builds the next page while this one is applied here (the answer is
                    // handled on the executor after this page, which has one thread: pages apply in order).
                    // Kea's way (below) keeps its strict disable-page sequence.
                    page(last);
                }
            }
            fetched += page.size();
            applyPage(page);
            if (!more) {
                finish();
            } else if (!live) {
                page(last);
            }
        }

        /** Applies a page's leases, in order, on this thread ({@link SyncPageStore}). */
        void applyPage(List<?> page) {
            SyncPageStore.Counts c = pages.store(page);
            applied += c.applied();
            skipped += c.skipped();
        }

        void finish() {
            if (live) {
                confirmLive();
                return;
            }
            notifyComplete();
        }

        /**
         * {@code ha-sync-complete-notify} (or {@code dhcp-enable}): re-enables the peer. Also after a live
         * synchronisation, where the peer was not disabled by it: harmless then (the peer enables what is enabled),
         * and it lifts a disable left by an earlier attempt whose {@code dhcp-enable} was lost.
         */
        void notifyComplete() {
            source.send(PeerCommands.SYNC_COMPLETE_NOTIFY, PeerCommands.syncCompleteNotify(rel.name(),
                    rel.remoteOrigin()), PeerCommands.TIMEOUT_MILLIS).whenCompleteAsync(guarded((r, e) -> {
                        if (e == null && PeerCommands.isSuccess(r)) {
                            succeed();
                        } else if (e == null && r.result() == ControlResult.UNSUPPORTED) {
                            source.send(PeerCommands.DHCP_ENABLE, PeerCommands.dhcpEnable(rel.remoteOrigin()),
                                    PeerCommands.TIMEOUT_MILLIS).whenCompleteAsync((er, ee) -> {
                                        if (ee == null && PeerCommands.isSuccess(er)) {
                                            succeed();
                                        } else {
                                            done.completeExceptionally(new SyncException("dhcp-enable sent to "
                                                    + sourceName + " failed: " + describe(er, ee)));
                                        }
                                    }, executor);
                        } else {
                            fail("ha-sync-complete-notify sent to " + sourceName + " failed: " + describe(r, e));
                        }
                    }), executor);
        }

        /** After a live synchronisation's last page: is the peer still sending us its leases? */
        void confirmLive() {
            source.send(PeerCommands.HEARTBEAT, PeerCommands.serverName(rel.name()), PeerCommands.TIMEOUT_MILLIS)
                    .whenCompleteAsync(guarded((r, e) -> {
                        if (e != null) {
                            fail("ha-heartbeat sent to " + sourceName + " after the last page failed: "
                                    + describe(r, e));
                            return;
                        }
                        HaState state;
                        try {
                            state = PeerCommands.HeartbeatAnswer.parse(r).state();
                        } catch (IllegalArgumentException ex) {
                            fail("ha-heartbeat answer from " + sourceName + " after the last page: " + ex.getMessage());
                            return;
                        }
                        if (sendsUpdates(state)) {
                            notifyComplete();
                            return;
                        }
                        if (!wanted.getAsBoolean()) {
                            fail("the synchronization is no longer wanted (this server left syncing) and " + sourceName
                                    + " is now " + state.wireName());
                            return;
                        }
                        LOG.info("LH_HA_SYNC_LIVE_FALLBACK {}: {} left the state in which it sends its lease updates"
                                + " (now {}) during the synchronization; synchronizing again with {} disabled",
                                rel.name(), sourceName, state.wireName(), sourceName);
                        sync(source, sourceName, maxPeriod, false, wanted).whenComplete((res, err) -> {
                            if (err != null) {
                                done.completeExceptionally(err);
                            } else {
                                done.complete(new Result(fetched + res.fetched(), applied + res.applied(),
                                        skipped + res.skipped()));
                            }
                        });
                    }), executor);
        }

        void succeed() {
            done.complete(new Result(fetched, applied, skipped));
        }

        void fail(String why) {
            if (done.isDone()) {
                return;
            }
            if (disabled) {
                source.send(PeerCommands.DHCP_ENABLE, PeerCommands.dhcpEnable(rel.remoteOrigin()),
                        PeerCommands.TIMEOUT_MILLIS).whenComplete((r, e) -> {
                            if (e != null || !PeerCommands.isSuccess(r)) {
                                LOG.warn("LH_HA_SYNC_ENABLE_FAILED {}: dhcp-enable sent to {} after a failed sync "
                                        + "failed: {}", rel.name(), sourceName, describe(r, e));
                            }
                        });
            }
            done.completeExceptionally(new SyncException(why));
        }
    }

    private static List<?> leasesOf(ControlResult r) {
        if (r.arguments() instanceof Map<?, ?> a && a.get("leases") instanceof List<?> l) {
            return l;
        }
        return null;
    }

    static String describe(ControlResult r, Throwable e) {
        if (e != null) {
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            return c.getMessage() == null ? c.toString() : c.getMessage();
        }
        return "result " + r.result() + (r.text() == null ? "" : ", " + r.text());
    }
}
