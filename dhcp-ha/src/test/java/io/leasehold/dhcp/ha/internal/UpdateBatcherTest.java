package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit, what is learned from list-commands and when it is asked again, and failures, on a manual peer. */
class UpdateBatcherTest {

    /** A peer whose answers the test gives by hand, in any order. */
    static final class ManualPeer implements PeerClient {
        record Sent(String command, Map<String, Object> arguments, CompletableFuture<ControlResult> answer) {
        }

        final List<Sent> sent = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<ControlResult> send(String command, Map<String, Object> arguments,
                                                                   long timeoutMillis) {
            Sent s = new Sent(command, arguments, new CompletableFuture<>());
            sent.add(s);
            return s.answer;
        }

        synchronized Sent last() {
            return sent.get(sent.size() - 1);
        }

        @Override
        public void close() {
        }
    }

    private final ManualPeer peer = new ManualPeer();
    private final AtomicLong now = new AtomicLong(1_000);
    private final UpdateBatcher batcher = new UpdateBatcher(peer, "rel", "server2", now::get, true);

    private void announce(boolean withBatch) {
        assertFalse(batcher.usable(), "nothing known yet: the first update goes singly");
        assertEquals("list-commands", peer.last().command());
        assertFalse(batcher.usable(), "asked once, not again while the answer is pending");
        assertEquals(1, peer.sent.size());
        peer.last().answer().complete(ControlResult.success(null, withBatch
                ? List.of("lease4-update", LeaseBatchCommand.NAME) : List.of("lease4-update", "lease4-del")));
    }

    private static List<UpdateBatcher.Op> ops(String... ips) {
        List<UpdateBatcher.Op> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(new UpdateBatcher.Op(ip.startsWith("-") ? "lease4-del" : "lease4-update",
                    Map.of("ip-address", ip.replace("-", ""))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> carried(ManualPeer.Sent s) {
        return ((List<Map<String, Object>>) s.arguments().get("operations")).stream()
                .map(m -> m.get("command") + " " + ((Map<String, Object>) m.get("arguments")).get("ip-address"))
                .toList();
    }

    /** The peer's answer for operations with these results: only those other than 0 and 3 are listed. */
    private static ControlResult answers(int... results) {
        List<Object> failures = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] != 0 && results[i] != 3) {
                failures.add(Map.of("index", (long) i, "result", (long) results[i], "text", "r" + results[i]));
            }
        }
        return ControlResult.success("run", Map.of("count", (long) results.length, "failures", failures));
    }

    @Test
    void aPeerThatAnnouncesNothingNeverGetsABatchAndIsAskedAgainOnlyAfterAMinute() {
        announce(false);
        assertFalse(batcher.usable());
        assertEquals(UpdateBatcher.Support.NO, batcher.support());
        now.addAndGet(UpdateBatcher.RECHECK_NANOS - 1);
        assertFalse(batcher.usable());
        assertEquals(1, peer.sent.size(), "not asked again within a minute");
        now.addAndGet(1);
        assertFalse(batcher.usable());
        assertEquals(2, peer.sent.size());
        assertEquals("list-commands", peer.last().command());
        assertTrue(peer.sent.stream().noneMatch(s -> s.command().equals(LeaseBatchCommand.NAME)));
    }

    @Test
    void aFailedQuestionIsAskedAgainWithTheNextUpdate() {
        assertFalse(batcher.usable());
        peer.last().answer().completeExceptionally(new PeerClient.PeerException("Connection refused"));
        assertEquals(UpdateBatcher.Support.UNKNOWN, batcher.support());
        assertFalse(batcher.usable());
        assertEquals(2, peer.sent.size());
    }

    @Test
    void transactionsQueuedWhileTwoBatchesAreOutLeaveTogetherWithTheNextAnswerInOrder() {
        announce(true);
        assertTrue(batcher.usable());
        CompletableFuture<List<ControlResult>> a = batcher.submit(ops("10.0.0.1"));
        CompletableFuture<List<ControlResult>> b = batcher.submit(ops("-10.0.0.2", "10.0.0.3"));
        assertEquals(3, peer.sent.size(), "two batches out at once, each sent at once");
        ManualPeer.Sent first = peer.sent.get(1);
        ManualPeer.Sent second = peer.sent.get(2);
        assertEquals(List.of("lease4-update 10.0.0.1"), carried(first));
        assertEquals(List.of("lease4-del 10.0.0.2", "lease4-update 10.0.0.3"), carried(second));
        CompletableFuture<List<ControlResult>> c = batcher.submit(ops("10.0.0.4"));
        CompletableFuture<List<ControlResult>> d = batcher.submit(ops("-10.0.0.5", "10.0.0.6"));
        assertEquals(3, peer.sent.size(), "both slots busy: these wait");
        second.answer().complete(answers(3, 0)); // answers may come back in any order
        assertEquals(List.of(0, 0), b.join().stream().map(ControlResult::result).toList());
        assertFalse(a.isDone());
        assertEquals(4, peer.sent.size());
        assertEquals(List.of("lease4-update 10.0.0.4", "lease4-del 10.0.0.5", "lease4-update 10.0.0.6"),
                carried(peer.last()), "everything queued meanwhile, in one batch, in order");
        peer.last().answer().complete(answers(0, 4, 0));
        assertEquals(List.of(0), c.join().stream().map(ControlResult::result).toList());
        assertEquals(List.of(4, 0), d.join().stream().map(ControlResult::result).toList());
        assertEquals("r4", d.join().get(0).text());
        first.answer().complete(answers(0));
        assertEquals(0, a.join().get(0).result());
        batcher.submit(ops("10.0.0.7"));
        assertEquals(List.of("lease4-update 10.0.0.7"), carried(peer.last()), "idle again: sent at once");
    }

    @Test
    void aTransactionIsNeverSplitBetweenBatches() {
        announce(true);
        batcher.submit(ops("10.0.0.1"));
        batcher.submit(ops("10.0.0.2"));
        String[] big = new String[UpdateBatcher.BATCH_OPERATIONS - 1];
        for (int i = 0; i < big.length; i++) {
            big[i] = "10.1." + (i / 250) + "." + (i % 250);
        }
        batcher.submit(ops(big));
        batcher.submit(ops("-10.2.0.1", "10.2.0.2"));
        batcher.submit(ops("10.3.0.1"));
        peer.sent.get(1).answer().complete(answers(0));
        assertEquals(big.length, carried(peer.last()).size(), "the next group would pass the limit: it waits");
        peer.sent.get(2).answer().complete(answers(0));
        assertEquals(List.of("lease4-del 10.2.0.1", "lease4-update 10.2.0.2", "lease4-update 10.3.0.1"),
                carried(peer.last()));
    }

    @Test
    void resultTwoMeansSendSinglyAndStopBatching() {
        announce(true);
        CompletableFuture<List<ControlResult>> a = batcher.submit(ops("10.0.0.1"));
        peer.last().answer().complete(ControlResult.unsupported(LeaseBatchCommand.NAME));
        CompletionException e = assertThrows(CompletionException.class, a::join);
        assertInstanceOf(UpdateBatcher.Unsupported.class, e.getCause());
        assertEquals(UpdateBatcher.Support.NO, batcher.support());
        assertFalse(batcher.usable());
    }

    @Test
    void aLostOrMalformedBatchFailsEveryTransactionInIt() {
        announce(true);
        CompletableFuture<List<ControlResult>> a = batcher.submit(ops("10.0.0.1"));
        peer.last().answer().completeExceptionally(new PeerClient.PeerException("connection closed"));
        assertInstanceOf(PeerClient.PeerException.class, assertThrows(CompletionException.class, a::join).getCause());
        CompletableFuture<List<ControlResult>> b = batcher.submit(ops("10.0.0.2", "10.0.0.3"));
        peer.last().answer().complete(answers(0));
        assertTrue(assertThrows(CompletionException.class, b::join).getCause().getMessage().contains("2 operations"));
        CompletableFuture<List<ControlResult>> bad = batcher.submit(ops("10.0.0.8"));
        peer.last().answer().complete(ControlResult.success("run", Map.of("count", 1L, "failures",
                List.of(Map.of("index", 1L, "result", 4L)))));
        assertTrue(bad.isCompletedExceptionally(), "a failure outside the batch: the answer is not trusted");
        CompletableFuture<List<ControlResult>> c = batcher.submit(ops("10.0.0.4"));
        peer.last().answer().complete(ControlResult.error("too many"));
        assertTrue(assertThrows(CompletionException.class, c::join).getCause().getMessage().contains("result 1"));
        batcher.forget();
        assertEquals(UpdateBatcher.Support.UNKNOWN, batcher.support(), "a failed update makes it ask again");
    }

    @Test
    void turnedOffItNeverAsks() {
        UpdateBatcher off = new UpdateBatcher(peer, "rel", "server2", now::get, false);
        assertFalse(off.usable());
        assertTrue(peer.sent.isEmpty());
    }
}
