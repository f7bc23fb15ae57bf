package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.store.memfile.internal.ClientProbe;
import io.leasehold.dhcp.store.memfile.internal.JournaledTable;
import io.leasehold.dhcp.store.memfile.internal.LeaseBlob;
import io.leasehold.dhcp.store.memfile.internal.LeaseCodec;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileCleanup;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileCleanupTimer;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileLoader;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileSet;
import io.leasehold.dhcp.store.memfile.internal.LeaseRow;
import io.leasehold.dhcp.store.memfile.internal.LeaseTable;
import io.leasehold.dhcp.store.memfile.internal.RowProblem;
import io.leasehold.dhcp.store.memfile.internal.WriteRows;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import static io.leasehold.dhcp.store.memfile.internal.JournaledTable.NOT_APPLIED;

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
 *
 * <p>This class is the store's whole SPI surface (opening, writes, reads, cleanup, closing), about 490 lines: every
 * part of it is a thin call into {@code internal} ({@code JournaledTable}, {@code LeaseTable}, {@code LeaseCodec},
 * {@code ClientProbe}, {@code WriteRows}, {@code LeaseFileCleanup}), and splitting the SPI across classes would
 * only add forwarding.
 */
public final class MemfileLeaseStore implements LeaseStore {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");
    /** Lease files open in this JVM: two stores appending to one file would corrupt it. */
    private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();
    /**
     * Leases per lease-file write in {@link #putAllIfNewer}: 256 rows are about 40 KB, and the append lock (which
     * the DHCP path's writes wait for) is held for one run at a time.
     */
    static final int PUT_RUN = 256;

    private final MemfileConfig config;
    private final Scheduler scheduler;
    private final boolean ownScheduler;
    private final LeaseFileSet files;
    /** The table, its journal and their locks; assigned once while opening, before the store is published. */
    private JournaledTable leases;
    /** The cleanups of a persisting store; assigned with {@link #leases}. */
    private LeaseFileCleanupTimer cleanups;
    private List<RowProblem> loadProblems = List.of();

    private MemfileLeaseStore(MemfileConfig config, Scheduler scheduler, boolean ownScheduler) {
        this.config = config;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
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
            if (!config.quiet()) {
                LOG.warn("lease persistence is disabled (persist: false): leases are kept in memory only");
            }
            leases = new JournaledTable(new LeaseTable(config.expectedLeases()), null, "memory");
            return;
        }
        if (!OPEN_FILES.add(files.live())) {
            throw new LeaseFileException("lease file " + files.live() + " is already open in this process");
        }
        try {
            LeaseFileLoader.Loaded loaded = LeaseFileLoader.load(files, config);
            loadProblems = loaded.problems;
            JournaledTable table = new JournaledTable(loaded.table, loaded.journal, files.live().toString());
            leases = table;
            cleanups = new LeaseFileCleanupTimer(files, config.maxRowErrors(), config.lfcIntervalSeconds(),
                    scheduler, () -> table.rotate(files), table::isClosed);
            cleanups.start(loaded.cleanupNeeded);
        } catch (IOException e) {
            OPEN_FILES.remove(files.live());
            throw new LeaseFileException("cannot load lease file " + files.live() + ": " + e, e);
        } catch (RuntimeException e) {
            OPEN_FILES.remove(files.live());
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ cleanup

    /**
     * Runs a lease file cleanup now, in the calling thread (waiting for one in progress to end first). Writers keep
     * going meanwhile; they pause only for the rotation's rename.
     *
     * @return {@code true} when a cleanup cycle completed; {@code false} when not persisting or when another
     *     process (a kea-lfc) holds {@code F.pid}
     * @throws LeaseFileException when the cleanup failed (the files remain loadable; a later run finishes it)
     */
    public boolean runLeaseFileCleanup() {
        leases.checkOpen();
        if (cleanups == null) {
            return false;
        }
        return cleanups.runNow();
    }

    /** Test hook: observes the steps of every cleanup. */
    void cleanupListener(LeaseFileCleanup.StepListener listener) {
        if (cleanups != null) {
            cleanups.listener(listener);
        }
    }

    /** Rows skipped while loading (file, line, why); the first 1000 per file. */
    List<RowProblem> loadProblems() {
        return Collections.unmodifiableList(loadProblems);
    }

    /** fsyncs done by the journal (tests). */
    long fsyncCount() {
        return leases.fsyncCount();
    }

    // ------------------------------------------------------------------------------------------------ writes


    @Override
    public boolean add(Lease4 lease) {
        WriteRows w = WriteRows.take();
        try {
            LeaseRow row = checkWritable(w.encodeNext(lease));
            return leases.mutate(row.address, slot -> slot >= 0 ? NOT_APPLIED : leases.insert(row));
        } finally {
            w.release();
        }
    }

    @Override
    public boolean update(Lease4 lease) {
        WriteRows w = WriteRows.take();
        try {
            LeaseRow row = checkWritable(w.encodeNext(lease));
            return leases.mutate(row.address, slot -> slot < 0 ? NOT_APPLIED : leases.replace(slot, row));
        } finally {
            w.release();
        }
    }

    @Override
    public boolean replace(Lease4 expected, Lease4 replacement) {
        if (expected.address() != replacement.address()) {
            throw new IllegalArgumentException("replace needs the same address: expected "
                    + Ipv4.toString(expected.address()) + ", replacement " + Ipv4.toString(replacement.address()));
        }
        WriteRows w = WriteRows.take();
        try {
            LeaseRow exp = w.encodeExpected(expected);
            LeaseRow row = checkWritable(w.encodeNext(replacement));
            return leases.mutate(row.address,
                    slot -> slot < 0 || !leases.table().sameAs(slot, exp) ? NOT_APPLIED : leases.replace(slot, row));
        } finally {
            w.release();
        }
    }

    @Override
    public boolean delete(Lease4 expected) {
        WriteRows w = WriteRows.take();
        try {
            LeaseRow exp = w.encodeExpected(expected);
            return leases.mutate(exp.address,
                    slot -> slot < 0 || !leases.table().sameAs(slot, exp) ? NOT_APPLIED : leases.remove(slot));
        } finally {
            w.release();
        }
    }

    @Override
    public Optional<Lease4> delete(int address) {
        Lease4[] deleted = new Lease4[1];
        leases.mutate(address, slot -> {
            if (slot < 0) {
                return NOT_APPLIED;
            }
            deleted[0] = leases.table().lease(slot);
            return leases.remove(slot);
        });
        return Optional.ofNullable(deleted[0]);
    }

    /**
     * Runs of up to {@link #PUT_RUN} leases in strictly ascending address order (a page of {@code lease4-get-page}
     * is one such run after another) are each decided and written as one step: one write of the lease file per run.
     * A run ends early where the order breaks, so a repeated address always starts a new run.
     */
    @Override
    public int putAllIfNewer(List<Lease4> batch, BiConsumer<Lease4, Lease4> changed) {
        int stored = 0;
        int n = batch.size();
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && to - from < PUT_RUN
                    && Integer.compareUnsigned(batch.get(to - 1).address(), batch.get(to).address()) < 0) {
                to++;
            }
            LeaseRow[] rows = new LeaseRow[to - from];
            Lease4[] incoming = new Lease4[to - from];
            for (int i = 0; i < rows.length; i++) {
                incoming[i] = batch.get(from + i);
                rows[i] = encodeForWrite(incoming[i]);
            }
            Lease4[] before = new Lease4[rows.length];
            boolean[] written = leases.putRun(rows, (i, slot) -> {
                if (slot < 0) {
                    return true;
                }
                Lease4 old = leases.table().lease(slot);
                if (old.cltt() >= incoming[i].cltt()) {
                    return false;
                }
                before[i] = old;
                return true;
            });
            for (int i = 0; i < rows.length; i++) {
                if (written[i]) {
                    changed.accept(before[i], incoming[i]);
                    stored++;
                }
            }
            from = to;
        }
        return stored;
    }

    @Override
    public long wipe(long subnetId) {
        return leases.wipe(subnetId);
    }

    /** Encodes a lease to write, refusing what the lease file could not store (Kea refuses the same). */
    private LeaseRow encodeForWrite(Lease4 lease) {
        return checkWritable(LeaseCodec.encode(lease));
    }

    /** {@code row}, unless the lease file could not store it (Kea refuses the same). */
    private LeaseRow checkWritable(LeaseRow row) {
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

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public Optional<Lease4> get(int address) {
        return leases.read(table -> {
            int slot = table.find(address);
            return slot < 0 ? Optional.empty() : Optional.of(table.lease(slot));
        });
    }

    /** Each thread's client lookup (see {@link ClientProbe}); used only inside one read. */
    private static final ThreadLocal<ClientProbe> PROBES = ThreadLocal.withInitial(ClientProbe::new);

    /**
     * One pass over both key indexes (the engine asks this for every DISCOVER and REQUEST): the keys are matched in
     * place, without copies, and a lease carrying both is materialized once.
     */
    @Override
    public List<Lease4> getByClient(HardwareAddress hardwareAddress, ClientId clientId) {
        if (hardwareAddress == null && clientId == null) {
            return List.of();
        }
        return leases.read(PROBES.get().set(hardwareAddress, clientId));
    }

    @Override
    public List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress) {
        byte[] hw = hardwareAddress.toByteArray();
        return leases.read(table -> leases(table, table.byHardwareAddress(hardwareAddress.htype(), hw)));
    }

    @Override
    public List<Lease4> getByClientId(ClientId clientId) {
        byte[] cid = clientId.toByteArray();
        return leases.read(table -> leases(table, table.byClientId(cid)));
    }

    @Override
    public List<Lease4> getByHostname(String hostname) {
        if (hostname.isEmpty()) {
            return leases.read(table -> List.of()); // the SPI: an empty name matches nothing
        }
        byte[] host = hostname.getBytes(StandardCharsets.UTF_8);
        return leases.read(table -> leases(table, table.byHostname(host)));
    }

    @Override
    public List<Lease4> getBySubnet(long subnetId) {
        return leases.read(table -> subnetId < 0 || subnetId > 0xffffffffL ? List.of()
                : leases(table, table.bySubnet((int) subnetId)));
    }

    @Override
    public List<Lease4> getPage(int afterAddress, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        return leases.read(table -> {
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
        return leases.read(table -> leases(table, table.expired(nowSeconds, limit)));
    }

    @Override
    public long size() {
        return leases.read(table -> (long) table.size());
    }

    @Override
    public SubnetLeaseCounts countBySubnet(long subnetId) {
        return leases.read(table -> {
            if (subnetId < 0 || subnetId > 0xffffffffL) {
                return new SubnetLeaseCounts(0, 0);
            }
            long[] c = table.counts((int) subnetId);
            return new SubnetLeaseCounts(c[1], c[2]);
        });
    }

    private static List<Lease4> leases(LeaseTable table, int[] slots) {
        List<Lease4> out = new ArrayList<>(slots.length);
        for (int slot : slots) {
            out.add(table.lease(slot));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ closing

    /**
     * Stops cleanups (waiting for one in progress), flushes and closes the lease file. Idempotent; every other
     * method then fails with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (!leases.close()) {
            return;
        }
        if (cleanups != null) {
            cleanups.stop();
        }
        try {
            leases.closeJournal();
        } catch (IOException e) {
            throw new UncheckedIOException("closing lease file " + files.live() + " failed", e);
        } finally {
            if (files != null) {
                OPEN_FILES.remove(files.live());
            }
            releaseScheduler();
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
        return "MemfileLeaseStore{" + (files == null ? "memory only" : files.live()) + ", " + leases.table().size()
                + " leases}";
    }
}
