package io.leasehold.dhcp.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.UncheckedBooleanSupplier;
import org.junit.jupiter.api.Test;

/** The read sizer's two modes, driven the way Netty's epoll datagram read loop drives a handle. */
class DatagramReadSizerTest {
    private final DatagramReadSizer.SizerHandle h =
            (DatagramReadSizer.SizerHandle) new DatagramReadSizer(2048, 16).newHandle();

    /**
     * One read loop as Netty's epoll datagram channel runs it (it always passes {@code TRUE_SUPPLIER}): the given
     * datagram counts, one read each; in single mode then a read that finds nothing.
     */
    private void loop(int... perRead) {
        h.reset(null);
        for (int r = 0; r < perRead.length; r++) {
            int n = perRead[r];
            h.attemptedBytesRead(h.guess());
            h.lastBytesRead(300 * n);
            h.incMessagesRead(n);
            boolean more = h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER);
            if (!h.batchMode()) {
                assertTrue(more, "single mode reads on until the socket is empty");
            } else if (r < perRead.length - 1) {
                throw new AssertionError("a batch of " + n + " ends the loop; no more reads in it");
            }
        }
        if (!h.batchMode()) {
            h.lastBytesRead(-1); // EAGAIN
            assertFalse(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "an empty read ends the loop");
        }
        h.readComplete();
    }

    @Test
    void lonePacketsAreReadOneDatagramAtATime() {
        assertEquals(2048, h.guess(), "single mode: a buffer of one datagram, so Netty reads with recvmsg");
        for (int i = 0; i < 100; i++) {
            loop(1);
        }
        assertFalse(h.batchMode());
        assertEquals(2048, h.guess());
    }

    @Test
    void aBurstSwitchesToBatchesUntilEightQuietLoops() {
        loop(1, 1, 1);
        assertTrue(h.batchMode(), "a loop that found three datagrams");
        assertEquals(2048 * 16, h.guess(), "batch mode: sixteen datagrams per read, recvmmsg");
        for (int i = 1; i < DatagramReadSizer.SETTLE; i++) {
            loop(1);
            assertTrue(h.batchMode(), "quiet loop " + i);
        }
        loop(5);
        for (int i = 1; i < DatagramReadSizer.SETTLE; i++) {
            loop(1);
        }
        assertTrue(h.batchMode(), "a busy loop starts the count again");
        loop(1);
        assertFalse(h.batchMode(), "eight quiet loops in a row");
        assertEquals(2048, h.guess());
    }

    @Test
    void aShortBatchEmptiedTheSocketAndEndsTheLoop() {
        loop(1, 1);
        assertTrue(h.batchMode());
        h.reset(null);
        h.attemptedBytesRead(h.guess());
        h.lastBytesRead(300 * 5);
        h.incMessagesRead(5);
        assertFalse(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER),
                "5 of 16 came: the socket was empty, no recvmmsg (and getsockopt) just to hear EAGAIN");
    }

    @Test
    void aLoopStopsAfterSixteenDatagramsInEitherMode() {
        h.reset(null);
        for (int i = 0; i < DatagramReadSizer.MAX_MESSAGES_PER_LOOP - 1; i++) {
            h.lastBytesRead(300);
            h.incMessagesRead(1);
            assertTrue(h.continueReading());
        }
        h.lastBytesRead(300);
        h.incMessagesRead(1);
        assertFalse(h.continueReading(), "the event loop has other channels and tasks");
        h.readComplete();
        assertTrue(h.batchMode());
        h.reset(null);
        h.lastBytesRead(300 * 16);
        h.incMessagesRead(16);
        assertFalse(h.continueReading(), "one full batch is a loop's share");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new DatagramReadSizer(0, 16));
        assertThrows(IllegalArgumentException.class, () -> new DatagramReadSizer(2048, 1));
    }
}
