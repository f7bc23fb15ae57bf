package io.leasehold.dhcp.store.memfile.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * Lease file cleanup (LFC), in process, following Kea's protocol step by step so that a crash at any point leaves a
 * file set that loads correctly (by Leasehold or by Kea) and that the next cleanup finishes:
 * <ol>
 *   <li>write {@code F.pid} (our pid);</li>
 *   <li>unless {@code F.completed} or {@code F.1} exists (an unfinished earlier cleanup): rotate {@code F} to
 *       {@code F.1} under the store's append lock and continue appending to a fresh {@code F};</li>
 *   <li>unless {@code F.completed} exists: replay {@code F.2} then {@code F.1} into a private table, write one row
 *       per lease in address order to {@code F.output}, fsync, rename to {@code F.completed}, fsync the
 *       directory;</li>
 *   <li>delete {@code F.2}, delete {@code F.1}, rename {@code F.completed} to {@code F.2}, fsync the directory;</li>
 *   <li>delete {@code F.pid}.</li>
 * </ol>
 * Loading reads {@code F.completed} if present, else {@code F.2} and {@code F.1}, then {@code F}: every
 * intermediate state holds each lease exactly as the journal says.
 */
public final class LeaseFileCleanup {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");
    private static final int FLUSH_BYTES = 256 * 1024;

    /** Steps, reported to a {@link StepListener} as they complete (tests take crash images there). */
    public enum Step {
        PID_WRITTEN, ROTATED, OUTPUT_WRITTEN, COMPLETED, PREVIOUS_REMOVED, INPUT_REMOVED, FINISHED
    }

    /** Observes the steps of a cleanup. */
    @FunctionalInterface
    public interface StepListener {
        void reached(Step step) throws IOException;
    }

    /** Rotates the live file under the store's lock; returns false when the store is closing. */
    @FunctionalInterface
    public interface Rotator {
        boolean rotate() throws IOException;
    }

    /** What a cleanup did. */
    public enum Outcome {
        /** The cycle finished: the file set is {@code F.2} and {@code F}. */
        DONE,
        /** Another live process holds {@code F.pid} (a kea-lfc); nothing was touched. */
        SKIPPED_OTHER_RUNNING,
        /** The store is closing; the files are left in a state the next cleanup finishes. */
        CANCELLED
    }

    private LeaseFileCleanup() {
    }

    /**
     * Runs one cleanup cycle.
     *
     * @param maxRowErrors bad rows tolerated in each input file (0 = unlimited)
     * @param cancelled polled between steps
     * @throws IOException when a step fails; the files stay in a state that loads correctly
     */
    public static Outcome run(LeaseFileSet files, long maxRowErrors, Rotator rotator, StepListener listener,
                              BooleanSupplier cancelled) throws IOException {
        OptionalLong other = PidFile.runningOther(files.pid());
        if (other.isPresent()) {
            LOG.warn("lease file cleanup skipped: process {} holds {}", other.getAsLong(), files.pid());
            return Outcome.SKIPPED_OTHER_RUNNING;
        }
        long started = System.nanoTime();
        PidFile.writeOwn(files.pid());
        try {
            listener.reached(Step.PID_WRITTEN);
            if (!Files.exists(files.completed()) && !Files.exists(files.input())) {
                if (!rotator.rotate()) {
                    return Outcome.CANCELLED;
                }
                listener.reached(Step.ROTATED);
            }
            files.syncDirectory();
            if (cancelled.getAsBoolean()) {
                return Outcome.CANCELLED;
            }
            if (!Files.exists(files.completed())) {
                long leases = compact(files, maxRowErrors, cancelled);
                if (leases < 0) {
                    return Outcome.CANCELLED;
                }
                listener.reached(Step.OUTPUT_WRITTEN);
                Files.move(files.output(), files.completed(), StandardCopyOption.ATOMIC_MOVE);
                files.syncDirectory();
                LOG.info("lease file cleanup wrote {} leases to {}", leases, files.completed());
            }
            listener.reached(Step.COMPLETED);
            Files.deleteIfExists(files.previous());
            listener.reached(Step.PREVIOUS_REMOVED);
            Files.deleteIfExists(files.input());
            listener.reached(Step.INPUT_REMOVED);
            Files.move(files.completed(), files.previous(), StandardCopyOption.ATOMIC_MOVE);
            files.syncDirectory();
            listener.reached(Step.FINISHED);
            LOG.info("lease file cleanup of {} finished in {} ms", files.live(),
                    (System.nanoTime() - started) / 1_000_000);
            return Outcome.DONE;
        } finally {
            Files.deleteIfExists(files.pid());
        }
    }

    /** Replays F.2 then F.1 and writes the survivors to F.output; returns the lease count or -1 if cancelled. */
    private static long compact(LeaseFileSet files, long maxRowErrors, BooleanSupplier cancelled) throws IOException {
        LeaseTable table = new LeaseTable();
        for (Path in : new Path[] {files.previous(), files.input()}) {
            if (Files.exists(in)) {
                LeaseFileReader.read(in, table, maxRowErrors, false);
            }
            if (cancelled.getAsBoolean()) {
                return -1;
            }
        }
        writeSnapshot(files.output(), table);
        return table.size();
    }

    /** Writes a header and one row per lease of {@code table} in address order, then fsyncs the file. */
    public static void writeSnapshot(Path out, LeaseTable table) throws IOException {
        try (FileOutputStream os = new FileOutputStream(out.toFile())) {
            ByteSink sink = new ByteSink(FLUSH_BYTES + 4096);
            sink.put(LeaseFileSchema.HEADER_LINE, 0, LeaseFileSchema.HEADER_LINE.length);
            LeaseRow row = new LeaseRow();
            IOException[] failure = new IOException[1];
            table.forEachInOrder(slot -> {
                LeaseRowWriter.append(sink, table.read(slot, row));
                if (sink.length() >= FLUSH_BYTES) {
                    try {
                        os.write(sink.array(), 0, sink.length());
                    } catch (IOException e) {
                        failure[0] = e;
                        return false;
                    }
                    sink.reset();
                }
                return true;
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            os.write(sink.array(), 0, sink.length());
            os.getFD().sync();
        }
    }
}
