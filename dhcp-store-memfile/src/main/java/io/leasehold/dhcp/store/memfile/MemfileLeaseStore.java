package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.memfile.internal.LeaseBlob;
import io.leasehold.dhcp.store.memfile.internal.LeaseCodec;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileCleanup;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileReader;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileSet;
import io.leasehold.dhcp.store.memfile.internal.LeaseJournal;
import io.leasehold.dhcp.store.memfile.internal.LeaseRow;
import io.leasehold.dhcp.store.memfile.internal.LeaseRowWriter;
import io.leasehold.dhcp.store.memfile.internal.LeaseTable;
import io.leasehold.dhcp.store.memfile.internal.PidFile;
import io.leasehold.dhcp.store.memfile.internal.RowProblem;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lease store in ISC Kea's memfile format: the DHCPv4 lease CSV file is an append-only journal that Kea can load
 * and that Leasehold loads from Kea, cleaned up periodically with Kea's file-rotation protocol.
 *
 * <h2>Files</h2>
 * For lease file {@code F}: opening refuses while another process runs a cleanup ({@code F.pid}); it loads
 * {@code F.completed} if present, else {@code F.2} then {@code F.1}, then always {@code F}, replaying every row
 * (later rows win, a zero valid lifetime deletes). Bad rows are logged with file and line and skipped
 * ({@code max-row-errors}). A torn last line of {@code F} (an interrupted write) is cut off and logged, so the next
 * row does not glue onto it. Files with Kea 2.2's 11-column header (or more columns than known) are read and then
 * rewritten in the 12-column schema by one immediate cleanup.
 *
 * <h2>Writes</h2>
 * Every change appends one row ({@code write(2)}) before the method returns, so killing the process loses no
 * acknowledged lease; {@link FsyncPolicy} adds power-loss durability. Writers are serialised by one append lock
 * (the row write is the only I/O under it); readers only take a read lock around the in-memory table, so they never
 * wait for I/O.
 *
 * <h2>Cleanup</h2>
 * Every {@code lfc-interval} seconds (on the {@link Scheduler}) or on {@link #runLeaseFileCleanup()}, in process:
 * the live file is rotated under the append lock (a rename and a new file), then the snapshot of {@code F.2} and
 * {@code F.1} is built from the files, off every lock, while writers keep appending. See
 * {@link LeaseFileCleanup} for the steps and why a crash in any of them loses nothing.
 *
 * <h2>Memory</h2>
 * The table holds primitive columns and one packed byte array per lease (no {@link Lease4} objects), with int-slot
 * hash indexes by hardware address, client id and host name, per-subnet lists and an address bitmap; about
 * 125 bytes per lease (measured by the {@code MemfileFootprint} benchmark). Queries rebuild {@link Lease4} snapshots.
 *
 * <p>Open with {@link #open(MemfileConfig, Clock)}; close and open again with {@link #config()} to reload the same
 * files.
 */
public final class MemfileLeaseStore implements LeaseStore {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");
    /** Lease files open in this JVM: two stores appending to one file would corrupt it. */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();
    /** Rows per write when wiping. */
    private static final int WIPE_BATCH = 512;

    private final MemfileConfig config;
    private final Scheduler scheduler;
    private final boolean ownScheduler;
    private final LeaseFileSet files;
    /** Assigned once while opening, before the store is published. */
    private LeaseTable table = new LeaseTable();
    private final List<RowProblem> loadProblems = new ArrayList<>();

    /** Serialises mutations: the condition check, the row write and the table change happen under it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Guards the table: mutators take the write lock only for the in-memory change. */
    private final Lock readLock;
    private final Lock writeLock;
    /** One cleanup at a time. */
    private final ReentrantLock cleanupLock = new ReentrantLock();

    private LeaseJournal journal;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable periodicCleanup;
    private volatile Scheduler.Cancellable immediateCleanup;
    private volatile LeaseFileCleanup.StepListener cleanupListener = step -> { };

    private MemfileLeaseStore(MemfileConfig config, Scheduler scheduler, boolean ownScheduler) {
        this.config = config;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        this.readLock = rw.readLock();
        this.writeLock = rw.writeLock();
        this.files = config.persist() ? LeaseFileSet.of(config.name()) : null;
    }

    /** Opens with the system clock and a private scheduler thread for cleanups. */
    public static MemfileLeaseStore open(MemfileConfig config) {
        return open(config, Clock.SYSTEM);
    }

    /**
     * Opens the store. When {@code clock} is also a {@link Scheduler} (such as {@code VirtualTime}) cleanups run on
     * it, in virtual time; otherwise on a private scheduler thread in real time.
     *
     * @throws LeaseFileException when the files cannot be loaded
     */
    public static MemfileLeaseStore open(MemfileConfig config, Clock clock) {
        return openWith(config, clock instanceof Scheduler s ? s : null);
    }

    /**
     * Opens the store, running periodic cleanups on {@code scheduler} (a cleanup of a large file occupies the
     * scheduler's thread for a while; give it one that tolerates that). {@code clock} is accepted for symmetry with
     * the other stores; lease times come from the leases themselves.
     *
     * @throws LeaseFileException when the files cannot be loaded (invalid header, too many bad rows, a running
     *     kea-lfc, the file already open in this process, I/O errors)
     */
    public static MemfileLeaseStore open(MemfileConfig config, Clock clock, Scheduler scheduler) {
        if (clock == null || scheduler == null) {
            throw new IllegalArgumentException("clock and scheduler must not be null");
        }
        return openWith(config, scheduler);
    }

    private static MemfileLeaseStore openWith(MemfileConfig config, Scheduler scheduler) {
        boolean own = scheduler == null;
        boolean needsTimer = config.persist();
        Scheduler s = own ? (needsTimer ? Scheduler.system("leasehold-memfile-lfc") : null) : scheduler;
        MemfileLeaseStore store = new MemfileLeaseStore(config, s, own && s != null);
        try {
            store.load();
        } catch (RuntimeException e) {
            store.releaseScheduler();
            throw e;
        }
        return store;
    }

    /** The settings this store was opened with (open again with them to reload the same files). */
    public MemfileConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ opening

    private void load() {
        if (!config.persist()) {
            LOG.warn("lease persistence is disabled (persist: false): leases are kept in memory only");
            return;
        }
        if (!OPEN_FILES.add(files.live())) {
            throw new LeaseFileException("lease file " + files.live() + " is already open in this process");
        }
        try {
            loadFiles();
        } catch (IOException e) {
            OPEN_FILES.remove(files.live());
            throw new LeaseFileException("cannot load lease file " + files.live() + ": " + e, e);
        } catch (RuntimeException e) {
            OPEN_FILES.remove(files.live());
            throw e;
        }
    }

    private void loadFiles() throws IOException {
        OptionalLong lfc = PidFile.runningOther(files.pid());
        if (lfc.isPresent()) {
            throw new LeaseFileException("unable to load leases from " + files.live()
                    + " while the lease file cleanup is in progress (process " + lfc.getAsLong() + " holds "
                    + files.pid() + ")");
        }
        long started = System.nanoTime();
        boolean conversion = false;
        List<Path> inputs = Files.exists(files.completed()) ? List.of(files.completed())
                : List.of(files.previous(), files.input());
        table = new LeaseTable(expectedLeases(inputs));
        table.suspendIndexes();
        for (Path in : inputs) {
            if (Files.exists(in)) {
                conversion |= record(LeaseFileReader.read(in, table, config.maxRowErrors(), false));
            }
        }
        LeaseFileReader.Result live = null;
        if (Files.exists(files.live())) {
            live = LeaseFileReader.read(files.live(), table, config.maxRowErrors(), true);
            conversion |= record(live);
            if (live.tornTail != null) {
                cutTornTail(live);
            }
        }
        table.buildIndexes();
        boolean pending = files.cleanupPending();
        if (live == null || live.schema == null) {
            LeaseJournal.createLive(files, config.fsyncPolicy());
        } else if (live.schema.needsConversion()) {
            // New rows must not go under an old header: rotate now, the immediate cleanup converts the rest.
            if (pending) {
                runCleanupCycle(() -> {
                    throw new IllegalStateException("no rotation while finishing an earlier cleanup");
                });
            }
            Files.move(files.live(), files.input(), StandardCopyOption.ATOMIC_MOVE);
            LeaseJournal.createLive(files, config.fsyncPolicy());
            pending = true;
        }
        journal = LeaseJournal.open(files.live(), config.fsyncPolicy());
        LOG.info("loaded {} leases from {} in {} ms", table.size(), files.live(),
                (System.nanoTime() - started) / 1_000_000);
        if (conversion || pending) {
            immediateCleanup = scheduler.schedule(() -> timedCleanup(false), 0);
        }
        schedulePeriodicCleanup();
    }

    /** A guess for sizing the table: about 100 bytes per row (Kea's rows are 60-120). */
    private int expectedLeases(List<Path> inputs) throws IOException {
        long bytes = Files.exists(files.live()) ? Files.size(files.live()) : 0;
        for (Path in : inputs) {
            bytes += Files.exists(in) ? Files.size(in) : 0;
        }
        return (int) Math.min(bytes / 100, 1 << 26);
    }

    private boolean record(LeaseFileReader.Result r) {
        loadProblems.addAll(r.problems);
        return r.schema != null && r.schema.needsConversion();
    }

    private void cutTornTail(LeaseFileReader.Result live) throws IOException {
        LOG.warn("lease file {}: cut off an unterminated last line of {} bytes at offset {} (an interrupted write;"
                        + " not loaded): '{}'", live.file, live.tornTail.length, live.completeLength,
                new String(live.tornTail, 0, Math.min(live.tornTail.length, 512), StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(live.file, StandardOpenOption.WRITE)) {
            ch.truncate(live.completeLength);
            ch.force(true);
        }
        if (live.completeLength == 0) {
            live.schema = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ cleanup

    private void schedulePeriodicCleanup() {
        if (config.lfcIntervalSeconds() > 0 && !closed) {
            periodicCleanup = scheduler.schedule(() -> timedCleanup(true), config.lfcIntervalSeconds() * 1000);
        }
    }

    private void timedCleanup(boolean periodic) {
        try {
            if (!closed && cleanupLock.tryLock()) {
                try {
                    runCleanupCycle(this::rotateLive);
                } finally {
                    cleanupLock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("lease file cleanup of {} failed (the files are consistent; the next run retries)",
                    files.live(), e);
        } finally {
            if (periodic) {
                schedulePeriodicCleanup();
            }
        }
    }

    /**
     * Runs a lease file cleanup now, in the calling thread (waiting for one in progress to end first). Writers keep
     * going meanwhile; they pause only for the rotation's rename.
     *
     * @return {@code true} when a cleanup cycle completed; {@code false} when not persisting or when another
     *     process (a kea-lfc) holds {@code F.pid}
     * @throws LeaseFileException when the cleanup failed (the files remain loadable; a later run finishes it)
     */
    public boolean runLeaseFileCleanup() {
        checkOpen();
        if (files == null) {
            return false;
        }
        cleanupLock.lock();
        try {
            return runCleanupCycle(this::rotateLive) == LeaseFileCleanup.Outcome.DONE;
        } catch (IOException e) {
            throw new LeaseFileException("lease file cleanup of " + files.live() + " failed: " + e, e);
        } finally {
            cleanupLock.unlock();
        }
    }

    private LeaseFileCleanup.Outcome runCleanupCycle(LeaseFileCleanup.Rotator rotator) throws IOException {
        return LeaseFileCleanup.run(files, config.maxRowErrors(), rotator, cleanupListener, () -> closed);
    }

    private boolean rotateLive() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return false;
            }
            journal.rotate(files);
            return true;
        } finally {
            appendLock.unlock();
        }
    }

    /** Test hook: observes the steps of every cleanup. */
    void cleanupListener(LeaseFileCleanup.StepListener listener) {
        this.cleanupListener = listener;
    }

    /** Rows skipped while loading (file, line, why); the first 1000 per file. */
    List<RowProblem> loadProblems() {
        return Collections.unmodifiableList(loadProblems);
    }

    /** fsyncs done by the journal (tests). */
    long fsyncCount() {
        return journal == null ? 0 : journal.fsyncCount();
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Override
    public boolean add(Lease4 lease) {
        LeaseRow row = encodeForWrite(lease);
        return mutate(row.address, slot -> {
            if (slot >= 0) {
                return NOT_APPLIED;
            }
            long seq = journal(row);
            writeLock.lock();
            try {
                table.insert(row);
            } finally {
                writeLock.unlock();
            }
            return seq;
        });
    }

    @Override
    public boolean update(Lease4 lease) {
        LeaseRow row = encodeForWrite(lease);
        return mutate(row.address, slot -> slot < 0 ? NOT_APPLIED : replaceSlot(slot, row));
    }

    @Override
    public boolean replace(Lease4 expected, Lease4 replacement) {
        if (expected.address() != replacement.address()) {
            throw new IllegalArgumentException("replace needs the same address: expected "
                    + Ipv4.toString(expected.address()) + ", replacement " + Ipv4.toString(replacement.address()));
        }
        LeaseRow exp = LeaseCodec.encode(expected);
        LeaseRow row = encodeForWrite(replacement);
        return mutate(row.address,
                slot -> slot < 0 || !table.sameAs(slot, exp) ? NOT_APPLIED : replaceSlot(slot, row));
    }

    @Override
    public boolean delete(Lease4 expected) {
        LeaseRow exp = LeaseCodec.encode(expected);
        return mutate(exp.address, slot -> slot < 0 || !table.sameAs(slot, exp) ? NOT_APPLIED : removeSlot(slot));
    }

    @Override
    public Optional<Lease4> delete(int address) {
        Lease4[] deleted = new Lease4[1];
        mutate(address, slot -> {
            if (slot < 0) {
                return NOT_APPLIED;
            }
            deleted[0] = table.lease(slot);
            return removeSlot(slot);
        });
        return Optional.ofNullable(deleted[0]);
    }

    /** A change decided under the append lock, given the address's slot (or -1). */
    @FunctionalInterface
    private interface Mutation {
        /** Returns the durability sequence of the written row, or {@link #NOT_APPLIED}. */
        long apply(int slot);
    }

    private static final long NOT_APPLIED = -1;

    /**
     * Runs a change with the append lock held (condition check, row write and table change are one atomic step),
     * then waits, without the lock, until the row is as durable as the fsync policy says.
     */
    private boolean mutate(int address, Mutation mutation) {
        long seq;
        appendLock.lock();
        try {
            checkOpen();
            seq = mutation.apply(table.find(address));
        } finally {
            appendLock.unlock();
        }
        if (seq == NOT_APPLIED) {
            return false;
        }
        awaitDurable(seq);
        return true;
    }

    @Override
    public long wipe(long subnetId) {
        long seq = 0;
        int deleted = 0;
        appendLock.lock();
        try {
            checkOpen();
            int[] slots = subnetId == 0 ? table.all()
                    : subnetId < 0 || subnetId > 0xffffffffL ? new int[0] : table.bySubnet((int) subnetId);
            LeaseRow row = new LeaseRow();
            for (int from = 0; from < slots.length; from += WIPE_BATCH) {
                int to = Math.min(slots.length, from + WIPE_BATCH);
                if (journal != null) {
                    journal.sink().reset();
                    for (int i = from; i < to; i++) {
                        table.read(slots[i], row).valid = 0;
                        LeaseRowWriter.append(journal.sink(), row);
                    }
                    seq = journal.commit();
                }
                writeLock.lock();
                try {
                    for (int i = from; i < to; i++) {
                        table.remove(slots[i]);
                    }
                } finally {
                    writeLock.unlock();
                }
                deleted = to;
            }
        } finally {
            appendLock.unlock();
        }
        awaitDurable(seq);
        return deleted;
    }

    /** Encodes a lease to write, refusing what the lease file could not store (Kea refuses the same). */
    private LeaseRow encodeForWrite(Lease4 lease) {
        LeaseRow row = LeaseCodec.encode(lease);
        if (files != null) {
            boolean hasHw = LeaseBlob.hwLength(row.blob, 0) > 0;
            if (!hasHw && !LeaseBlob.has(row.blob, 0, LeaseBlob.CID) && row.state != LeaseState.DECLINED) {
                throw new IllegalArgumentException("lease " + Ipv4.toString(row.address)
                        + " has neither hardware address nor client id; only a declined lease may (Kea's lease file"
                        + " rejects such a row)");
            }
            if (row.cltt < 0 || row.expire() < 0) {
                throw new IllegalArgumentException("lease " + Ipv4.toString(row.address) + ": cltt " + row.cltt
                        + " gives an expiry outside the lease file's range");
            }
        }
        return row;
    }

    /** Writes the row (persisting stores); returns the durability sequence, 0 when nothing was written. */
    private long journal(LeaseRow row) {
        if (journal == null) {
            return 0;
        }
        journal.sink().reset();
        LeaseRowWriter.append(journal.sink(), row);
        return journal.commit();
    }

    /** Journals the new lease and replaces the slot; returns the durability sequence. */
    private long replaceSlot(int slot, LeaseRow row) {
        long seq = journal(row);
        writeLock.lock();
        try {
            table.replace(slot, row);
        } finally {
            writeLock.unlock();
        }
        return seq;
    }

    /** Journals the deletion (a copy of the lease with valid lifetime 0, as Kea writes it) and removes the slot. */
    private long removeSlot(int slot) {
        LeaseRow row = table.read(slot, new LeaseRow());
        row.valid = 0;
        long seq = journal(row);
        writeLock.lock();
        try {
            table.remove(slot);
        } finally {
            writeLock.unlock();
        }
        return seq;
    }

    private void awaitDurable(long seq) {
        if (seq > 0) {
            journal.awaitDurable(seq);
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public Optional<Lease4> get(int address) {
        return read(() -> {
            int slot = table.find(address);
            return slot < 0 ? Optional.empty() : Optional.of(table.lease(slot));
        });
    }

    @Override
    public List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress) {
        byte[] hw = hardwareAddress.toByteArray();
        return read(() -> leases(table.byHardwareAddress(hardwareAddress.htype(), hw)));
    }

    @Override
    public List<Lease4> getByClientId(ClientId clientId) {
        byte[] cid = clientId.toByteArray();
        return read(() -> leases(table.byClientId(cid)));
    }

    @Override
    public List<Lease4> getByHostname(String hostname) {
        if (hostname.isEmpty()) {
            return read(List::of); // the SPI: an empty name matches nothing
        }
        byte[] host = hostname.getBytes(StandardCharsets.UTF_8);
        return read(() -> leases(table.byHostname(host)));
    }

    @Override
    public List<Lease4> getBySubnet(long subnetId) {
        return read(() -> subnetId < 0 || subnetId > 0xffffffffL ? List.of()
                : leases(table.bySubnet((int) subnetId)));
    }

    @Override
    public List<Lease4> getPage(int afterAddress, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        return read(() -> {
            List<Lease4> out = new ArrayList<>(Math.min(limit, 1024));
            table.forEachAfter(afterAddress, slot -> {
                out.add(table.lease(slot));
                return out.size() < limit;
            });
            return out;
        });
    }

    @Override
    public List<Lease4> getExpired(long nowSeconds, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("expired lease limit must be positive, got " + limit);
        }
        return read(() -> leases(table.expired(nowSeconds, limit)));
    }

    @Override
    public long size() {
        return read(() -> (long) table.size());
    }

    @Override
    public SubnetLeaseCounts countBySubnet(long subnetId) {
        return read(() -> {
            if (subnetId < 0 || subnetId > 0xffffffffL) {
                return new SubnetLeaseCounts(0, 0);
            }
            long[] c = table.counts((int) subnetId);
            return new SubnetLeaseCounts(c[1], c[2]);
        });
    }

    /** Runs a query under the read lock: concurrent with other readers, never waiting for file I/O. */
    private <T> T read(Supplier<T> query) {
        readLock.lock();
        try {
            checkOpen();
            return query.get();
        } finally {
            readLock.unlock();
        }
    }

    private List<Lease4> leases(int[] slots) {
        List<Lease4> out = new ArrayList<>(slots.length);
        for (int slot : slots) {
            out.add(table.lease(slot));
        }
        return out;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the lease store for " + (files == null ? "memory" : files.live())
                    + " is closed");
        }
    }

    // ------------------------------------------------------------------------------------------------ closing

    /**
     * Stops cleanups (waiting for one in progress), flushes and closes the lease file. Idempotent; every other
     * method then fails with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        cancel(periodicCleanup);
        cancel(immediateCleanup);
        cleanupLock.lock();
        cleanupLock.unlock();
        try {
            if (journal != null) {
                appendLock.lock();
                try {
                    journal.close();
                } finally {
                    appendLock.unlock();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing lease file " + files.live() + " failed", e);
        } finally {
            if (files != null) {
                OPEN_FILES.remove(files.live());
            }
            releaseScheduler();
        }
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private void releaseScheduler() {
        if (ownScheduler && scheduler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing the cleanup scheduler failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "MemfileLeaseStore{" + (files == null ? "memory only" : files.live()) + ", " + table.size()
                + " leases}";
    }
}
