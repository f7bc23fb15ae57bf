package io.leasehold.dhcp.store.memfile.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands parsed rows from the thread that reads and parses a lease file to the thread that applies them to the
 * table, in order, in recycled batches: loading a large file uses both cores (parsing and indexing cost about the
 * same). One producer, one consumer.
 */
final class RowPipeline {
    static final int BATCH = 2048;
    private static final int BATCHES = 6;

    /** Rows parsed in place; {@code end} marks the last batch, {@code failure} the producer's exception. */
    private static final class Batch {
        final LeaseRow[] rows = new LeaseRow[BATCH];
        int count;
        boolean end;
        Throwable failure;

        Batch() {
            for (int i = 0; i < BATCH; i++) {
                rows[i] = new LeaseRow();
            }
        }
    }

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private Batch current = new Batch();

    RowPipeline() {
        for (int i = 1; i < BATCHES; i++) {
            free.add(new Batch());
        }
    }

    /** Producer: the row to parse the next line into. */
    LeaseRow next() {
        return current.rows[current.count];
    }

    /** Producer: the row returned by {@link #next()} was parsed successfully. */
    void commit() throws InterruptedException {
        if (++current.count == BATCH) {
            full.put(current);
            current = free.take();
            current.count = 0;
        }
    }

    /** Producer: no more rows; {@code failure} (or null) is rethrown to the consumer. */
    void finish(Throwable failure) throws InterruptedException {
        current.end = true;
        current.failure = failure;
        full.put(current);
    }

    /** Consumer: applies every row to {@code table} until the producer finishes; returns its failure, if any. */
    Throwable drainInto(LeaseTable table) throws InterruptedException {
        while (true) {
            Batch b = full.take();
            for (int i = 0; i < b.count; i++) {
                table.apply(b.rows[i]);
                b.rows[i].blob = null;
            }
            if (b.end) {
                return b.failure;
            }
            b.count = 0;
            free.put(b);
        }
    }
}
