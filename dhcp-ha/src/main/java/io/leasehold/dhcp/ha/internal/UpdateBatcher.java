package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.PeerClient.PeerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Lease updates to one peer in {@value LeaseBatchCommand#NAME} requests, once that peer has announced the command
 * in its {@code list-commands} answer; never to a peer that has not (Kea).
 *
 * <p>Algorithm (group commit): a DHCP transaction's operations are queued as one group. While fewer than
 * {@link #MAX_IN_FLIGHT} batches are out, whatever is queued leaves at once as one batch; otherwise it waits for
 * the next answer, which sends everything queued meanwhile. At low load every transaction leaves alone, with no
 * added wait; under load one HTTP exchange carries the transactions of one round trip. A group is never split
 * between batches, so a transaction's deletions stay ahead of its updates as they do with single commands.
 *
 * <p>What the peer supports is learned from {@code list-commands}, asked on the first update while nothing is known
 * (that update, and any until the answer, goes as single commands). "Not supported" is asked again after
 * {@link #RECHECK_NANOS}; a failed update ({@link #forget}) makes the next one ask again, since a peer that was
 * unreachable may come back as another server. A batch answered with result 2 ("not supported": the peer was
 * replaced by one without the extension) fails with {@link Unsupported}; the caller then sends those operations
 * singly, so nothing depends on what was learned being current.
 */
final class UpdateBatcher {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    /** Batches out at once: one travelling while the next one fills. */
    static final int MAX_IN_FLIGHT = 2;
    /** A batch takes no further group once it holds this many operations (a group may take it past). */
    static final int BATCH_OPERATIONS = 256;
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The answer of an operation the batch's answer does not list as failed. */
    static final ControlResult APPLIED = ControlResult.success("applied in a batch");

    enum Support { UNKNOWN, ASKING, YES, NO }

    /** The peer answered the batch with result 2: send its operations singly. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String text) {
            super(text, null, false, false);
        }
    }

    /** One command of a transaction. */
    record Op(String command, Map<String, Object> arguments) {
    }

    private static final class Group {
        final List<Op> ops;
        final CompletableFuture<List<ControlResult>> done = new CompletableFuture<>();

        Group(List<Op> ops) {
            this.ops = ops;
        }
    }

    private final PeerClient client;
    private final String relationship;
    private final String peer;
    private final LongSupplier nanos;
    private final AtomicReference<Support> support;
    private volatile long answeredNanos;

    private final Object lock = new Object();
    private final ArrayDeque<Group> queue = new ArrayDeque<>(); // guarded by lock
    private int inFlight; // guarded by lock

    /** @param enabled false: never batch (nothing is asked) */
    UpdateBatcher(PeerClient client, String relationship, String peer, LongSupplier nanos, boolean enabled) {
        this.client = client;
        this.relationship = relationship;
        this.peer = peer;
        this.nanos = nanos;
        this.support = new AtomicReference<>(enabled ? Support.UNKNOWN : null);
    }

    /** A batcher for a peer known to have the command without asking it (the HA warm-up's scratch listener). */
    static UpdateBatcher announced(PeerClient client, String relationship, String peer, LongSupplier nanos) {
        UpdateBatcher b = new UpdateBatcher(client, relationship, peer, nanos, true);
        b.support.set(Support.YES);
        return b;
    }

    /** Whether the next transaction may go in a batch; starts asking the peer when nothing is known. */
    boolean usable() {
        Support s = support.get();
        if (s == Support.YES) {
            return true;
        }
        if (s == Support.UNKNOWN
                || s == Support.NO && nanos.getAsLong() - answeredNanos >= RECHECK_NANOS) {
            ask(s);
        }
        return false;
    }

    Support support() {
        return support.get();
    }

    /** An update to the peer failed: ask again before the next batch. */
    void forget() {
        Support s = support.get();
        if (s == Support.YES || s == Support.NO) {
            support.compareAndSet(s, Support.UNKNOWN);
        }
    }

    private void ask(Support from) {
        if (!support.compareAndSet(from, Support.ASKING)) {
            return;
        }
        CompletableFuture<ControlResult> f;
        try {
            f = client.send("list-commands", null, PeerCommands.TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, e) -> {
            if (e != null) {
                support.compareAndSet(Support.ASKING, Support.UNKNOWN); // ask again with the next update
                return;
            }
            boolean yes = r.result() == ControlResult.SUCCESS && r.arguments() instanceof List<?> l
                    && l.contains(LeaseBatchCommand.NAME);
            answeredNanos = nanos.getAsLong();
            if (support.compareAndSet(Support.ASKING, yes ? Support.YES : Support.NO) && yes) {
                LOG.info("LH_HA_BATCH_UPDATES {}: {} announces {}; lease updates to it go in batches",
                        relationship, peer, LeaseBatchCommand.NAME);
            }
        });
    }

    /**
     * Queues one transaction's operations, in order.
     *
     * @return the answers, one per operation in order; fails with {@link Unsupported} (send them singly) or with
     *         the error that lost the whole batch
     */
    CompletableFuture<List<ControlResult>> submit(List<Op> ops) {
        Group g = new Group(ops);
        List<Group> batch = null;
        synchronized (lock) {
            queue.addLast(g);
            if (inFlight < MAX_IN_FLIGHT) {
                inFlight++;
                batch = take();
            }
        }
        if (batch != null) {
            send(batch);
        }
        return g.done;
    }

    /** Whole groups from the head of the queue, up to {@link #BATCH_OPERATIONS}; caller holds the lock. */
    private List<Group> take() {
        List<Group> batch = new ArrayList<>();
        int n = 0;
        while (!queue.isEmpty() && (n == 0 || n + queue.peekFirst().ops.size() <= BATCH_OPERATIONS)) {
            Group g = queue.pollFirst();
            batch.add(g);
            n += g.ops.size();
        }
        return batch;
    }

    private void send(List<Group> batch) {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (Group g : batch) {
            for (Op op : g.ops) {
                Map<String, Object> m = new LinkedHashMap<>(4);
                m.put("command", op.command());
                m.put("arguments", op.arguments());
                ops.add(m);
            }
        }
        Map<String, Object> args = new LinkedHashMap<>(2);
        args.put("operations", ops);
        CompletableFuture<ControlResult> f;
        try {
            f = client.send(LeaseBatchCommand.NAME, args, PeerCommands.TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, e) -> {
            try {
                answered(batch, ops.size(), r, e);
            } finally {
                List<Group> next;
                synchronized (lock) {
                    if (queue.isEmpty()) {
                        inFlight--;
                        next = null;
                    } else {
                        next = take();
                    }
                }
                if (next != null) {
                    send(next);
                }
            }
        });
    }

    private void answered(List<Group> batch, int count, ControlResult r, Throwable e) {
        Throwable failure = e;
        ControlResult[] results = null;
        if (failure == null) {
            if (r.result() == ControlResult.UNSUPPORTED) {
                support.set(Support.NO);
                answeredNanos = nanos.getAsLong();
                LOG.info("LH_HA_BATCH_UPDATES_OFF {}: {} does not know {} (result 2: {}); lease updates to it go "
                        + "singly", relationship, peer, LeaseBatchCommand.NAME, r.text());
                failure = new Unsupported(r.text());
            } else if (r.result() != ControlResult.SUCCESS) {
                failure = new PeerException("'" + LeaseBatchCommand.NAME + "' refused (result " + r.result() + ": "
                        + r.text() + ")");
            } else {
                results = results(r, count);
                if (results == null) {
                    failure = new PeerException("'" + LeaseBatchCommand.NAME + "' answer does not account for its "
                            + count + " operations: " + r.arguments());
                }
            }
        }
        int at = 0;
        for (Group g : batch) {
            if (failure != null) {
                g.done.completeExceptionally(failure);
                continue;
            }
            List<ControlResult> mine = new ArrayList<>(g.ops.size());
            for (int i = 0; i < g.ops.size(); i++) {
                mine.add(results[at++]);
            }
            g.done.complete(mine);
        }
    }

    /**
     * Every operation's answer: {@link #APPLIED} but for the listed failures; null when the answer does not say
     * that exactly {@code count} operations ran or a failure entry is malformed (the whole batch then counts as lost).
     */
    private static ControlResult[] results(ControlResult r, int count) {
        if (!(r.arguments() instanceof Map<?, ?> a) || !(a.get("count") instanceof Number n) || n.longValue() != count
                || !(a.get("failures") instanceof List<?> failures)) {
            return null;
        }
        ControlResult[] out = new ControlResult[count];
        java.util.Arrays.fill(out, APPLIED);
        for (Object f : failures) {
            if (!(f instanceof Map<?, ?> m) || !(m.get("index") instanceof Number i) || i.longValue() < 0
                    || i.longValue() >= count || !(m.get("result") instanceof Number result)) {
                return null;
            }
            Object text = m.get("text");
            out[i.intValue()] = new ControlResult(result.intValue(), text instanceof String s ? s : null,
                    m.get("arguments"));
        }
        return out;
    }
}
