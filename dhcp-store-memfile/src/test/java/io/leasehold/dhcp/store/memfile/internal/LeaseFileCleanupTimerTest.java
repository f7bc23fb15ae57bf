package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.LeaseFileException;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When cleanups run: periodically in virtual time, once at start when asked, on demand; never after closing. */
class LeaseFileCleanupTimerTest {
    @TempDir
    Path dir;

    private final VirtualTime time = new VirtualTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger failRotations = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private LeaseFileSet files;

    @BeforeEach
    void liveFile() throws IOException {
        files = LeaseFileSet.of(dir.resolve("leases4.csv"));
        LeaseJournal.createLive(files, FsyncPolicy.NONE);
    }

    /** A timer whose rotation renames the live file (as the store's journal does) unless told to fail. */
    private LeaseFileCleanupTimer timer(long intervalSeconds) {
        LeaseFileCleanupTimer t = new LeaseFileCleanupTimer(files, 0, intervalSeconds, time, () -> {
            if (closed.get()) {
                return false;
            }
            if (failRotations.getAndDecrement() > 0) {
                throw new IOException("disk full");
            }
            Files.move(files.live(), files.input(), StandardCopyOption.ATOMIC_MOVE);
            LeaseJournal.createLive(files, FsyncPolicy.NONE);
            return true;
        }, closed::get);
        t.listener(step -> {
            if (step == LeaseFileCleanup.Step.FINISHED) {
                finished.incrementAndGet();
            }
        });
        return t;
    }

    @Test
    void runsEveryIntervalCountedFromTheEndOfTheLastRun() {
        timer(60).start(false);
        time.advance(59_999);
        assertEquals(0, finished.get(), "not yet");
        time.advance(1);
        assertEquals(1, finished.get());
        assertTrue(Files.exists(files.previous()));
        time.advance(60_000);
        assertEquals(2, finished.get());
        assertEquals(1, time.pending(), "the next run is scheduled");
    }

    @Test
    void anImmediateRunComesFirstWhenAsked() {
        timer(60).start(true);
        time.runDue();
        assertEquals(1, finished.get());
        time.advance(60_000);
        assertEquals(2, finished.get());
    }

    @Test
    void intervalZeroSchedulesNoPeriodicRun() {
        timer(0).start(false);
        assertEquals(0, time.pending());
        timer(0).start(true);
        time.advance(3_600_000);
        assertEquals(1, finished.get(), "only the immediate run");
        assertEquals(0, time.pending());
    }

    @Test
    void aFailedRunIsRetriedByTheNextOne() {
        failRotations.set(1);
        timer(60).start(false);
        time.advance(60_000);
        assertEquals(0, finished.get());
        assertFalse(Files.exists(files.pid()), "the failed run removed its pid file");
        assertEquals(1, time.pending(), "a failure does not stop the timer");
        time.advance(60_000);
        assertEquals(1, finished.get());
    }

    @Test
    void stopCancelsWhatIsScheduledAndAClosedStoreStartsNothing() {
        LeaseFileCleanupTimer t = timer(60);
        t.start(true);
        t.stop();
        assertEquals(0, time.pending());
        time.advance(600_000);
        assertEquals(0, finished.get());

        timer(60).start(false);
        closed.set(true);
        time.advance(60_000);
        assertEquals(0, finished.get());
        assertEquals(0, time.pending(), "a closed store's timer does not reschedule");
    }

    @Test
    void runNowRunsInTheCallersThreadAndReportsFailures() {
        LeaseFileCleanupTimer t = timer(0);
        assertTrue(t.runNow());
        assertEquals(1, finished.get());
        failRotations.set(1);
        LeaseFileException e = assertThrows(LeaseFileException.class, t::runNow);
        assertTrue(e.getMessage().startsWith("lease file cleanup of " + files.live() + " failed"), e.getMessage());
        closed.set(true);
        assertFalse(t.runNow(), "cancelled: the store is closing");
        assertEquals(1, finished.get());
    }
}
