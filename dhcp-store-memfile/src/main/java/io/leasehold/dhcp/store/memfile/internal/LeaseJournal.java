package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.LeaseFileException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live lease file, appended to. Callers serialise {@link #commit}, {@link #rotate} and {@link #close} (the store
 * holds its append lock); each commit is one {@code write(2)} of whole rows at the end of the file, so rows never
 * interleave. A failed write is cut off again so the next row does not glue onto a partial one.
 *
 * <p>The file is a {@link RandomAccessFile}, not a {@code FileChannel}: interrupting a thread that is writing must
 * not close the journal for everybody.
 *
 * <p>Durability per {@link FsyncPolicy}: {@code EVERY_WRITE} fsyncs inside the commit; {@code GROUP_COMMIT} runs one
 * flusher thread that fsyncs whatever has been written and wakes every caller whose row is now durable
 * ({@link #awaitDurable}); callers never hold the append lock while they wait.
 */
public final class LeaseJournal implements AutoCloseable {
    private final FsyncPolicy policy;
    private final ByteSink sink = new ByteSink(1024);
    /** Guards {@link #file} against concurrent fsync (flusher) and swap/close (rotation, close). */
    private final ReentrantLock forceLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition syncWork = syncLock.newCondition();
    private final Condition syncDone = syncLock.newCondition();
    private final Thread flusher;

    private RandomAccessFile file;
    private long position;
    /**
     * Whether the file pointer may differ from {@link #position} (a freshly opened file starts at 0); otherwise the
     * pointer is already at the end after the previous write, and the commit saves an {@code lseek(2)}.
     */
    private boolean seekNeeded = true;
    private long writtenSeq;
    private volatile IOException broken;

    // Guarded by syncLock.
    private long requestedSeq;
    private long syncedSeq;
    private boolean stopping;
    private long fsyncCount;

    private LeaseJournal(RandomAccessFile file, FsyncPolicy policy, String name) throws IOException {
        this.file = file;
        this.position = file.length();
        this.policy = policy;
        if (policy == FsyncPolicy.GROUP_COMMIT) {
            flusher = new Thread(this::flushLoop, "leasehold-memfile-fsync-" + name);
            flusher.setDaemon(true);
            flusher.start();
        } else {
            flusher = null;
        }
    }

    /** Opens an existing, repaired live file for appending at its end. */
    public static LeaseJournal open(Path live, FsyncPolicy policy) throws IOException {
        return new LeaseJournal(new RandomAccessFile(live.toFile(), "rw"), policy, live.getFileName().toString());
    }

    /** (Re)creates {@code live} holding only the current header; fsynced (with its directory) unless NONE. */
    public static void createLive(LeaseFileSet files, FsyncPolicy policy) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(files.live().toFile(), "rw")) {
            f.setLength(0);
            f.write(LeaseFileSchema.HEADER_LINE);
            if (policy != FsyncPolicy.NONE) {
                f.getFD().sync();
            }
        }
        if (policy != FsyncPolicy.NONE) {
            files.syncDirectory();
        }
    }

    /** The buffer the next commit writes; render rows into it after {@link ByteSink#reset}. */
    public ByteSink sink() {
        return sink;
    }

    /**
     * Writes the sink's rows with one write at the end of the file.
     *
     * @return the sequence number to pass to {@link #awaitDurable}
     * @throws UncheckedIOException when the rows could not be written (nothing of them stays in the file)
     */
    public long commit() {
        checkUsable();
        long start = position;
        try {
            if (seekNeeded) {
                file.seek(start);
                seekNeeded = false;
            }
            file.write(sink.array(), 0, sink.length());
            position = start + sink.length();
            if (policy == FsyncPolicy.EVERY_WRITE) {
                file.getFD().sync();
                countFsync();
            }
        } catch (IOException e) {
            cutBack(start, e);
            throw new UncheckedIOException("cannot write the lease file: " + e.getMessage(), e);
        }
        long seq = ++writtenSeq;
        if (flusher != null) {
            syncLock.lock();
            try {
                requestedSeq = seq;
                syncWork.signal();
            } finally {
                syncLock.unlock();
            }
        }
        return seq;
    }

    private void cutBack(long start, IOException cause) {
        seekNeeded = true;
        try {
            file.setLength(start);
            position = start;
        } catch (IOException e) {
            e.addSuppressed(cause);
            broken = e;
        }
    }

    private void checkUsable() {
        IOException b = broken;
        if (b != null) {
            throw new LeaseFileException("the lease file is unusable after an I/O error (" + b.getMessage()
                    + "); reopen the store", b);
        }
    }

    /** Blocks until the row of {@code seq} is durable as the policy promises (returns at once unless GROUP_COMMIT). */
    public void awaitDurable(long seq) {
        if (flusher == null) {
            return;
        }
        syncLock.lock();
        try {
            while (syncedSeq < seq) {
                if (broken != null) {
                    checkUsable();
                }
                if (stopping && !flusher.isAlive()) {
                    throw new IllegalStateException("the lease store was closed before the row was synced");
                }
                syncDone.awaitUninterruptibly();
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void flushLoop() {
        while (true) {
            long target;
            syncLock.lock();
            try {
                while (requestedSeq == syncedSeq && !stopping) {
                    syncWork.awaitUninterruptibly();
                }
                if (requestedSeq == syncedSeq) {
                    syncDone.signalAll();
                    return;
                }
                target = requestedSeq;
            } finally {
                syncLock.unlock();
            }
            forceLock.lock();
            try {
                file.getFD().sync();
            } catch (IOException e) {
                broken = e;
            } finally {
                forceLock.unlock();
            }
            syncLock.lock();
            try {
                if (broken != null) {
                    stopping = true;
                    syncDone.signalAll();
                    return;
                }
                fsyncCount++;
                syncedSeq = Math.max(syncedSeq, target);
                syncDone.signalAll();
            } finally {
                syncLock.unlock();
            }
        }
    }

    private void countFsync() {
        syncLock.lock();
        try {
            fsyncCount++;
        } finally {
            syncLock.unlock();
        }
    }

    /** fsyncs done so far (for tests and statistics). */
    public long fsyncCount() {
        syncLock.lock();
        try {
            return fsyncCount;
        } finally {
            syncLock.unlock();
        }
    }

    /** Rows committed so far. */
    public long writtenRows() {
        return writtenSeq;
    }

    /**
     * Kea's rotation: renames the live file to {@code F.1} and continues in a fresh live file. Rows already written
     * are fsynced first (unless NONE). If the fresh file cannot be created the rename is undone and the old file
     * kept.
     */
    public void rotate(LeaseFileSet files) throws IOException {
        checkUsable();
        forceLock.lock();
        try {
            if (policy != FsyncPolicy.NONE) {
                file.getFD().sync();
            }
            Files.move(files.live(), files.input(), StandardCopyOption.ATOMIC_MOVE);
            RandomAccessFile fresh;
            try {
                createLive(files, policy);
                fresh = new RandomAccessFile(files.live().toFile(), "rw");
            } catch (IOException e) {
                try {
                    Files.move(files.input(), files.live(), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException undo) {
                    // Appending to a file now called F.1 that the cleanup would delete: refuse further writes.
                    undo.addSuppressed(e);
                    broken = undo;
                }
                throw e;
            }
            RandomAccessFile old = file;
            file = fresh;
            position = fresh.length();
            seekNeeded = true;
            old.close();
        } finally {
            forceLock.unlock();
        }
        syncLock.lock();
        try {
            syncedSeq = Math.max(syncedSeq, writtenSeq);
            syncDone.signalAll();
        } finally {
            syncLock.unlock();
        }
    }

    /** Flushes pending fsyncs, stops the flusher and closes the file. */
    @Override
    public void close() throws IOException {
        if (flusher != null) {
            syncLock.lock();
            try {
                stopping = true;
                syncWork.signal();
            } finally {
                syncLock.unlock();
            }
            try {
                flusher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        forceLock.lock();
        try {
            if (policy != FsyncPolicy.NONE && broken == null) {
                file.getFD().sync();
            }
            file.close();
        } finally {
            forceLock.unlock();
        }
    }
}
