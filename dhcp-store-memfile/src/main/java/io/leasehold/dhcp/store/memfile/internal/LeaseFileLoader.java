package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.FsyncPolicy;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.LeaseFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Opens the lease files of a store: refuses while another process runs a cleanup ({@code F.pid}); loads
 * {@code F.completed} if present, else {@code F.2} then {@code F.1}, then always {@code F}, replaying every row into a
 * new {@link LeaseTable} (bad rows are skipped and reported); cuts off a torn last line of {@code F}; creates
 * {@code F} if it has no header; and, when {@code F} has an old header, rotates it away at once (finishing an earlier
 * cleanup first) so that new rows never go under it. Finally opens the {@link LeaseJournal} on {@code F}.
 */
public final class LeaseFileLoader {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");

    /** What opening the files produced. */
    public static final class Loaded {
        /** The leases, indexed. */
        public final LeaseTable table;
        /** The live file, open for appending. */
        public final LeaseJournal journal;
        /** Rows skipped while loading (file, line, why); the first 1000 per file. */
        public final List<RowProblem> problems;
        /** Whether a cleanup should run right away (a schema conversion or an unfinished cleanup). */
        public final boolean cleanupNeeded;

        Loaded(LeaseTable table, LeaseJournal journal, List<RowProblem> problems, boolean cleanupNeeded) {
            this.table = table;
            this.journal = journal;
            this.problems = problems;
            this.cleanupNeeded = cleanupNeeded;
        }
    }

    private final LeaseFileSet files;
    private final long maxRowErrors;
    private final List<RowProblem> problems = new ArrayList<>();

    private LeaseFileLoader(LeaseFileSet files, long maxRowErrors) {
        this.files = files;
        this.maxRowErrors = maxRowErrors;
    }

    /**
     * Loads the file set.
     *
     * @param maxRowErrors Kea's {@code max-row-errors} per file: 0 = unlimited, else more bad rows abort
     * @throws LeaseFileException for a running kea-lfc, an invalid header or too many bad rows
     */
    public static Loaded load(LeaseFileSet files, long maxRowErrors, FsyncPolicy fsyncPolicy) throws IOException {
        return new LeaseFileLoader(files, maxRowErrors).load(fsyncPolicy, false, 0);
    }

    /**
     * As {@link #load(LeaseFileSet, long, FsyncPolicy)} with the store's settings: {@code quiet} leaves out the
     * "loaded" line, and the table is sized for at least {@code expectedLeases}.
     */
    public static Loaded load(LeaseFileSet files, MemfileConfig config) throws IOException {
        return new LeaseFileLoader(files, config.maxRowErrors()).load(config.fsyncPolicy(), config.quiet(),
                config.expectedLeases());
    }

    private Loaded load(FsyncPolicy fsyncPolicy, boolean quiet, int expected) throws IOException {
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
        LeaseTable table = new LeaseTable(Math.max(expected, expectedLeases(inputs)));
        table.suspendIndexes();
        for (Path in : inputs) {
            if (Files.exists(in)) {
                conversion |= record(LeaseFileReader.read(in, table, maxRowErrors, false));
            }
        }
        LeaseFileReader.Result live = null;
        if (Files.exists(files.live())) {
            live = LeaseFileReader.read(files.live(), table, maxRowErrors, true);
            conversion |= record(live);
            if (live.tornTail != null) {
                cutTornTail(live);
            }
        }
        table.buildIndexes();
        boolean pending = files.cleanupPending();
        if (live == null || live.schema == null) {
            LeaseJournal.createLive(files, fsyncPolicy);
        } else if (live.schema.needsConversion()) {
            // New rows must not go under an old header: rotate now, the immediate cleanup converts the rest.
            if (pending) {
                LeaseFileCleanup.run(files, maxRowErrors, () -> {
                    throw new IllegalStateException("no rotation while finishing an earlier cleanup");
                }, step -> { }, () -> false);
            }
            Files.move(files.live(), files.input(), StandardCopyOption.ATOMIC_MOVE);
            LeaseJournal.createLive(files, fsyncPolicy);
            pending = true;
        }
        LeaseJournal journal = LeaseJournal.open(files.live(), fsyncPolicy);
        if (!quiet) {
            LOG.info("loaded {} leases from {} in {} ms", table.size(), files.live(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return new Loaded(table, journal, problems, conversion || pending);
    }

    /** A guess for sizing the table: about 100 bytes per row (Kea's rows are 60-120). */
    private int expectedLeases(List<Path> inputs) throws IOException {
        long bytes = Files.exists(files.live()) ? Files.size(files.live()) : 0;
        for (Path in : inputs) {
            bytes += Files.exists(in) ? Files.size(in) : 0;
        }
        return (int) Math.min(bytes / 100, 1 << 26);
    }

    /** Keeps the file's problems; returns whether its schema needs converting. */
    private boolean record(LeaseFileReader.Result r) {
        problems.addAll(r.problems);
        return r.schema != null && r.schema.needsConversion();
    }

    private static void cutTornTail(LeaseFileReader.Result live) throws IOException {
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
}
