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

    /** One read loop that receives the given datagram counts, one read each, then a read that finds nothing. */
    private void loop(int... perRead) {
        h.reset(null);
        for (int n : perRead) {
            h.attemptedBytesRead(h.guess());
            h.lastBytesRead(300 * n);
            h.incMessagesRead(n);
            if (!h.continueReading(UncheckedBooleanSupplier.FALSE_SUPPLIER) && !h.batchMode()) {
                throw new AssertionError("single mode reads on until the socket is empty");
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
    void batchModeReadsOnOnlyWhileNettySaysMoreMayBeThere() {
        loop(2);
        h.reset(null);
        h.lastBytesRead(300 * 16);
        h.incMessagesRead(16);
        assertTrue(h.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        assertFalse(h.continueReading(UncheckedBooleanSupplier.FALSE_SUPPLIER));
    }

    @Test
    void aLoopStopsAfterSixteenReads() {
        h.reset(null);
        for (int i = 0; i < DatagramReadSizer.MAX_READS_PER_LOOP - 1; i++) {
            h.lastBytesRead(300);
            h.incMessagesRead(1);
            assertTrue(h.continueReading());
        }
        h.lastBytesRead(300);
        h.incMessagesRead(1);
        assertFalse(h.continueReading(), "the event loop has other channels and tasks");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new DatagramReadSizer(0, 16));
        assertThrows(IllegalArgumentException.class, () -> new DatagramReadSizer(2048, 1));
    }
}
